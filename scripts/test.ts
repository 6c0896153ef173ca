/**
 * `npm test`: every check, in order, stopping at the first failure: typecheck, lint, unit and
 * integration tests (vitest, real PostgreSQL), production build, browser journeys (Playwright).
 * One embedded PostgreSQL serves the whole run (unless TEST_DATABASE_SERVER_URL names a local one);
 * each suite makes its own throwaway database on it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { startTestPostgres } from '@/lib/testing/test-postgres';

interface Step {
  name: string;
  command: string[];
}

const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  {
    name: 'unit + integration',
    command: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/vitest.json',
    ],
  },
  { name: 'build', command: ['npx', 'next', 'build'] },
  { name: 'e2e', command: ['npx', 'tsx', 'scripts/e2e.ts'] },
];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function readCounts(): Record<string, Counts> {
  const counts: Record<string, Counts> = {};
  try {
    const vitest = JSON.parse(readFileSync('test-results/vitest.json', 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      testResults: { name: string; assertionResults: { status: string }[] }[];
    };
    for (const file of vitest.testResults) {
      const kind = file.name.endsWith('.int.test.ts') || file.name.endsWith('.int.test.tsx') ? 'integration' : 'unit';
      const bucket = (counts[kind] ??= { passed: 0, failed: 0, skipped: 0 });
      for (const result of file.assertionResults) {
        if (result.status === 'passed') bucket.passed += 1;
        else if (result.status === 'failed') bucket.failed += 1;
        else bucket.skipped += 1;
      }
    }
  } catch {
    // The step did not run or wrote no report; its exit status already decided the outcome.
  }
  try {
    const playwright = JSON.parse(readFileSync('test-results/playwright.json', 'utf8')) as {
      stats: { expected: number; unexpected: number; skipped: number; flaky: number };
    };
    counts.e2e = {
      passed: playwright.stats.expected + playwright.stats.flaky,
      failed: playwright.stats.unexpected,
      skipped: playwright.stats.skipped,
    };
  } catch {
    // As above.
  }
  return counts;
}

async function main(): Promise<number> {
  rmSync('test-results', { recursive: true, force: true });
  const postgres = await startTestPostgres();
  const env = { ...process.env, TEST_DATABASE_SERVER_URL: postgres.serverUrl, NEXT_TELEMETRY_DISABLED: '1' };
  let status = 0;
  const started = Date.now();
  try {
    for (const step of steps) {
      const stepStarted = Date.now();
      console.log(`\n▶ ${step.name}`);
      const [command, ...args] = step.command as [string, ...string[]];
      const result = spawnSync(command, args, { stdio: 'inherit', env });
      console.log(
        `${result.status === 0 ? '✔' : '✖'} ${step.name} (${Math.round((Date.now() - stepStarted) / 1000)} s)`,
      );
      if (result.status !== 0) {
        status = result.status ?? 1;
        break;
      }
    }
  } finally {
    await postgres.stop();
  }
  const counts = readCounts();
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const [kind, bucket] of Object.entries(counts)) {
    console.log(`  ${kind}: ${bucket.passed} passed, ${bucket.failed} failed, ${bucket.skipped} skipped`);
    total.passed += bucket.passed;
    total.failed += bucket.failed;
    total.skipped += bucket.skipped;
  }
  // A runner that reports failures must fail the run, whatever its exit code said.
  if (status === 0 && total.failed > 0) {
    console.log(`✖ ${total.failed} test(s) failed`);
    status = 1;
  }
  for (const required of ['unit', 'integration', 'e2e']) {
    if (status === 0 && !(counts[required]?.passed ?? 0)) {
      console.log(`✖ no ${required} test ran`);
      status = 1;
    }
  }
  console.log(
    `\n${status === 0 ? 'All checks passed' : 'Checks failed'} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  console.log(
    `tests: ${total.passed} passed, ${Math.max(total.failed, status === 0 ? 0 : 1)} failed, ${total.skipped} skipped`,
  );
  return status;
}

void main().then((code) => process.exit(code));
