import { execFileSync } from 'node:child_process';
import { writeFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the EHR boundary', () => {
  // ESLint builds the project's type information first: minutes on a busy machine.
  it('is enforced by lint: FHIR imports outside lib/scheduling/fhir fail', () => {
    const dir = path.join(process.cwd(), 'lib', 'booking', '__boundary_probe__');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'probe.ts');
    writeFileSync(
      file,
      [
        "import type { Patient } from 'fhir/r4';",
        "import { Client } from 'fhir-kit-client';",
        '',
        'export type Probe = [Patient, Client];',
        '',
      ].join('\n'),
    );
    try {
      let output = '';
      try {
        execFileSync('npx', ['eslint', '--no-warn-ignored', '-f', 'json', file], { encoding: 'utf8' });
      } catch (error) {
        output = (error as { stdout: string }).stdout;
      }
      const messages = (JSON.parse(output) as { messages: { ruleId: string }[] }[])[0]?.messages ?? [];
      expect(messages.filter((message) => message.ruleId === 'no-restricted-imports')).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
