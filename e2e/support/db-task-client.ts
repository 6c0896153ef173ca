import { spawnSync } from 'node:child_process';

/** Runs a task of e2e/support/db-task.ts against the test database and returns its JSON result. */
export function runDbTask<T>(task: string, args: Record<string, unknown>): T {
  const result = spawnSync('npx', ['tsx', 'e2e/support/db-task.ts', JSON.stringify({ task, args })], {
    encoding: 'utf8',
    env: process.env,
  });
  if (result.status !== 0) throw new Error(`db task ${task} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
