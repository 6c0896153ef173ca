import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { freePort } from '@/lib/testing/free-port';
import { runDbTask } from './support/db-task-client';

test('a queued code is delivered by the server’s own workers into the development outbox', async ({
  page,
  request,
}) => {
  runDbTask('queueDemoCode', { phone: '(312) 555-0188', code: '246810' });
  await expect
    .poll(async () => {
      const response = await request.get('/api/dev/outbox?to=%2B13125550188');
      const { messages } = (await response.json()) as { messages: { text: string; status: string }[] };
      return messages.find((message) => message.text.includes('246810'))?.status ?? 'missing';
    })
    .toBe('sent');
  await page.goto('/dev/outbox');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Development outbox');
  await expect(page.locator('.outbox-message[data-recipient="+13125550188"]').first()).toContainText(
    'your login code is 246810',
  );
});

test('a production deployment has no outbox: page and API are not found, even from this machine', async ({
  request,
}) => {
  test.setTimeout(150_000);
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  // The same build and database as the development server above, with APP_ENV=production (which
  // wants real Twilio and SMTP settings; nothing is sent: no workers run here).
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      ...process.env,
      APP_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_BASE_URL: origin,
      NEXTAUTH_URL: origin,
      NOTIFY_WORKERS: 'off',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'not-a-real-twilio-token',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    await expect
      .poll(async () => (await fetch(`${origin}/api/health`).catch(() => null))?.status ?? 0, {
        timeout: 120_000,
        intervals: [500],
      })
      .toBe(200);
    const api = await request.get(`${origin}/api/dev/outbox?to=%2B13125550188`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain('messages');
    const page = await request.get(`${origin}/dev/outbox`);
    expect(page.status()).toBe(404);
    expect(await page.text()).not.toContain('Messages recorded by this development deployment');
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }
});
