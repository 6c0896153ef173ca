import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** The project's ESLint, configured by eslint.config.mjs as `npm run lint` runs it. */
function projectEslint(): ESLint {
  return new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });
}

/** What @stylistic/max-len says about a source text linted as if it were a file of the project. */
async function maxLenMessages(text: string, file: string): Promise<string[]> {
  const [result] = await projectEslint().lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@stylistic/max-len').map((m) => m.message);
}

/** A statement of exactly `length` characters: `export const x = '…';` with the string padded by `fill`. */
function lineOf(length: number, fill = 'a'): string {
  const line = `export const x = '${fill.repeat(length - "export const x = '';".length)}';`;
  expect(Array.from(line)).toHaveLength(length);
  return line;
}

describe('Prettier', () => {
  it('uses the project configuration and tells badly formatted code from formatted code', async () => {
    const filepath = path.join(root, 'lib', 'probe.ts');
    const config = await prettier.resolveConfig(filepath, { editorconfig: true });
    expect(config).toMatchObject({ printWidth: 120, singleQuote: true, semi: true, trailingComma: 'all' });
    const options = { ...config, filepath };
    const messy = 'const  answer = {a:1,b:"two"}\nexport   function f( x:number ){return x+answer.a}\n';
    expect(await prettier.check(messy, options)).toBe(false);
    const formatted = await prettier.format(messy, options);
    expect(formatted).toBe(
      "const answer = { a: 1, b: 'two' };\nexport function f(x: number) {\n  return x + answer.a;\n}\n",
    );
    expect(await prettier.check(formatted, options)).toBe(true);
  });

  it('breaks a call that does not fit in 120 characters', async () => {
    const filepath = path.join(root, 'lib', 'probe.ts');
    const options = { ...(await prettier.resolveConfig(filepath)), filepath };
    const call = `send(${Array.from({ length: 12 }, (_, index) => `argument${index}`).join(', ')});\n`;
    expect(call.length).toBeGreaterThan(120);
    const formatted = await prettier.format(call, options);
    expect(formatted.split('\n').length).toBeGreaterThan(2);
    expect(formatted.split('\n').every((line) => line.length <= 120)).toBe(true);
  });
});

describe('@stylistic/max-len', () => {
  it('is on for TypeScript and module files, at 120 characters, without blanket exemptions', async () => {
    const eslint = projectEslint();
    for (const file of ['lib/probe.ts', 'components/probe.tsx', 'vitest.config.mts', 'eslint.config.mjs']) {
      const config = (await eslint.calculateConfigForFile(path.join(root, file))) as {
        rules: Record<string, unknown>;
      };
      expect(config.rules['@stylistic/max-len'], file).toEqual([2, { code: 120, tabWidth: 2 }]);
    }
    expect(await eslint.isPathIgnored(path.join(root, 'lib', 'generated', 'prisma', 'client.ts'))).toBe(true);
  }, 60_000);

  it('reports a line of 121 characters and accepts one of 120', async () => {
    expect(await maxLenMessages(`${lineOf(121)}\n`, 'eslint-rules/probe.mjs')).toEqual([
      'This line has a length of 121. Maximum allowed is 120.',
    ]);
    expect(await maxLenMessages(`${lineOf(120)}\n`, 'eslint-rules/probe.mjs')).toEqual([]);
  }, 60_000);

  it('counts characters, not bytes: 120 Chinese characters fit, 121 do not', async () => {
    const chinese = lineOf(120, '预');
    expect(Buffer.byteLength(chinese)).toBeGreaterThan(120);
    expect(await maxLenMessages(`${chinese}\n`, 'eslint-rules/probe.mjs')).toEqual([]);
    expect(await maxLenMessages(`${lineOf(121, '预')}\n`, 'eslint-rules/probe.mjs')).toHaveLength(1);
  }, 60_000);

  it('reports long comments and long strings too', async () => {
    const comment = `// ${'word '.repeat(24)}end`;
    expect(comment.length).toBeGreaterThan(120);
    expect(await maxLenMessages(`${comment}\nexport const x = 1;\n`, 'eslint-rules/probe.mjs')).toHaveLength(1);
    const url = `export const x = 'https://example.com/${'a'.repeat(100)}';`;
    expect(await maxLenMessages(`${url}\n`, 'eslint-rules/probe.mjs')).toHaveLength(1);
  }, 60_000);
});

describe('npm run lint', () => {
  it('runs ESLint without tolerating warnings, then prettier --check over the whole tree', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const steps = (manifest.scripts.lint ?? '').split('&&').map((step) => step.trim());
    expect(steps).toContain('eslint --max-warnings=0 .');
    expect(steps).toContain('prettier --check .');
  });
});
