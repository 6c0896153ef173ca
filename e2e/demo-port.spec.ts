/**
 * Issue 17 #18: `PORT=… npm start` without APP_BASE_URL serves a working demo clinic, and on the next
 * start on another port the demo clinic follows it (its sandbox address is not frozen at the first).
 * Starts the real launcher (embedded PostgreSQL in a throwaway DATA_DIR, migrations, demo seed, the
 * production build) twice, as a person trying the app would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';
import { freePort } from '@/lib/testing/free-port';
import { signInAsStaff } from './support/passkey';

const [, admin] = DEMO_STAFF;

/** The environment of someone running `npm start` on a fresh machine: none of the test run's settings. */
function freshEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'APP_BASE_URL',
    'NEXTAUTH_URL',
    'NEXTAUTH_SECRET',
    'FHIR_SANDBOX_DATABASE_URL',
    'E2E_PORT',
    'PORT',
  ])
    delete env[name];
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn', ...settings };
}

async function startApp(settings: Record<string, string>, output: string[]): Promise<ChildProcess> {
  // Its own process group, so that stopping it reaches the launcher however npm wraps it.
  const child = spawn('npm', ['start'], { env: freshEnvironment(settings), detached: true });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited: ${output.join('')}`);
        return fetch(`http://localhost:${settings.PORT}/api/health`).then(
          (response) => response.status,
          () => 0,
        );
      },
      { timeout: 150_000, intervals: [1000] },
    )
    .toBe(200);
  return child;
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

test('issue 17 #18: npm start on a PORT without APP_BASE_URL serves the demo clinic, then follows a new port', async ({
  browser,
}) => {
  test.setTimeout(400_000);
  const parent = mkdtempSync(path.join(tmpdir(), 'demo-port-'));
  chmodSync(parent, 0o755);
  const common = { DATA_DIR: path.join(parent, 'data'), EMBEDDED_POSTGRES_PORT: String(await freePort()) };
  try {
    for (const round of ['first start', 'next start, another port']) {
      const port = await freePort();
      const output: string[] = [];
      const app = await startApp({ ...common, PORT: String(port) }, output);
      try {
        const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
        const page = await context.newPage();
        // The administrator's passkey is kept for this app's own database, across its two starts.
        await signInAsStaff(page, admin, { store: parent });
        // The board reads locations, clinicians and appointments from the demo clinic's sandbox.
        const board = await page.request.get('/api/demo/desk/board');
        expect(board.status(), `${round}: ${await board.text()}`).toBe(200);
        expect(((await board.json()) as { locations: unknown[] }).locations).toHaveLength(3);
        await page.goto('/demo/staff/ehr');
        await page.getByRole('button', { name: 'Run the check again' }).click();
        await expect(page.getByRole('status')).toHaveText('Patients can book, change and cancel visits online.', {
          timeout: 30_000,
        });
        await expect(page.getByText(`http://localhost:${port}/fhir/demo`)).toBeVisible();
        await context.close();
      } finally {
        await stopApp(app);
      }
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
