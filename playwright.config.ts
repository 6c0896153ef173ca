import { defineConfig, devices } from '@playwright/test';

/**
 * Browser journeys on a phone-sized viewport in Debian's Chromium, against the production build.
 * Run through `npm run test:e2e` (scripts/e2e.ts), which prepares the database and sets
 * DATABASE_URL and E2E_PORT for the server started here.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
// A host name, not an IP address: WebAuthn's RP id (the app's host, e2e/passkeys.spec.ts) cannot be an IP.
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    ...devices['Pixel 7'],
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // The app's own server (peer address recorded for the client address check), as `npm start` runs it.
    command: `npx tsx scripts/serve.ts`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
    env: {
      APP_BASE_URL: baseURL,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      // The eligibility clock ticks every minute (not hourly), for e2e/two-processes.spec.ts.
      ELIGIBILITY_TICK_CRON: '* * * * *',
      // The browser tests' server sits behind no proxy; e2e/hardening.spec.ts checks that forged
      // forwarded headers from a direct client are ignored.
    },
  },
});
