import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, describe, expect, it } from 'vitest';
import plugin, { importSpecifiers } from './no-folder-cycles.mjs';

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** Writes a small project tree (path -> source) into a fresh temporary folder. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-cycles-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function lint(root: string): Promise<Array<{ file: string; message: string }>> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: { parser: tseslint.parser },
        plugins: { local: plugin },
        rules: { 'local/no-folder-cycles': ['error', { rootDir: root }] },
      },
    ],
  });
  const results = await eslint.lintFiles(['**/*.ts']);
  return results
    .flatMap((result) =>
      result.messages.map((m) => ({ file: path.relative(root, result.filePath).split(path.sep).join('/'), ...m })),
    )
    .map(({ file, message }) => ({ file, message }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

describe('local/no-folder-cycles', () => {
  it('reports the import that closes a folder cycle and names the cycle', async () => {
    const root = tree({
      'lib/booking/book.ts': "import { localDate } from '@/lib/checkin/geofence';\nexport const book = localDate;\n",
      'lib/checkin/geofence.ts':
        "import type { Rule } from '../booking/rules';\nexport const localDate = (r?: Rule): string => String(r);\n",
      'lib/booking/rules.ts': 'export type Rule = { minutes: number };\n',
      'lib/time/zoned.ts': 'export const zone = 1;\n',
    });
    const messages = await lint(root);
    expect(messages).toEqual([
      {
        file: 'lib/booking/book.ts',
        message: expect.stringContaining('lib/booking -> lib/checkin -> lib/booking') as string,
      },
      {
        file: 'lib/checkin/geofence.ts',
        message: expect.stringContaining('lib/checkin -> lib/booking -> lib/checkin') as string,
      },
    ]);
  });

  it('follows longer cycles through files directly in lib/', async () => {
    const root = tree({
      'lib/a/one.ts': "export { two } from '@/lib/b/two';\n",
      'lib/b/two.ts': "import { errors } from '../errors';\nexport const two = errors;\n",
      'lib/errors.ts': "import * as one from './a/one';\nexport const errors = 1;\nexport const again = one;\n",
    });
    const messages = await lint(root);
    expect(messages.map((m) => m.message)).toEqual([
      expect.stringContaining('lib/a -> lib/b -> lib/errors -> lib/a') as string,
      expect.stringContaining('lib/b -> lib/errors -> lib/a -> lib/b') as string,
      expect.stringContaining('lib/errors -> lib/a -> lib/b -> lib/errors') as string,
    ]);
  });

  it('passes a tree without a cycle, and ignores tests and test helpers when building the graph', async () => {
    const root = tree({
      'lib/booking/book.ts': "import { localDate } from '@/lib/time/local-date';\nexport const book = localDate;\n",
      'lib/checkin/geofence.ts': "import { book } from '@/lib/booking/book';\nexport const checkIn = book;\n",
      'lib/time/local-date.ts': 'export const localDate = (): string => "2026-12-01";\n',
      'lib/booking/book.test.ts': "import { checkIn } from '@/lib/checkin/geofence';\nexport const t = checkIn;\n",
      'lib/testing/fixtures.ts': "import { checkIn } from '@/lib/checkin/geofence';\nexport const f = checkIn;\n",
      'lib/time/zoned.int.test.ts': "import { book } from '@/lib/booking/book';\nexport const u = book;\n",
    });
    expect(await lint(root)).toEqual([]);
  });

  it('keeps lib/testing out of production code and app/ and components/ out of lib/', async () => {
    const root = tree({
      'lib/testing/database.ts': 'export const testDb = 1;\n',
      'app/page.ts': "import { testDb } from '@/lib/testing/database';\nexport const p = testDb;\n",
      'lib/booking/book.ts': "import { Button } from '@/components/button';\nexport const b = Button;\n",
      'components/button.ts': 'export const Button = 1;\n',
      'lib/booking/book.int.test.ts': "import { testDb } from '@/lib/testing/database';\nexport const t = testDb;\n",
      'scripts/test.ts': "import { testDb } from '@/lib/testing/database';\nexport const s = testDb;\n",
    });
    expect(await lint(root)).toEqual([
      { file: 'app/page.ts', message: expect.stringContaining('must not import lib/testing') as string },
      { file: 'lib/booking/book.ts', message: expect.stringContaining('lib/ must not import components/') as string },
    ]);
  });
});

describe('importSpecifiers', () => {
  it('reads imports, re-exports and dynamic imports, not commented-out ones', () => {
    const text = [
      "import type { A } from '@/lib/a';",
      "import b, { c, type D } from './b';",
      "import {\n  e,\n  f as g,\n} from '../e';",
      "export * from '@/lib/h';",
      "export { i } from './i';",
      "const j = await import('@/lib/j');",
      "// import { k } from '@/lib/k';",
      "/* import { l } from '@/lib/l'; */",
      "import './side-effect';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['@/lib/a', './b', '../e', '@/lib/h', './i', '@/lib/j', './side-effect']);
  });
});
