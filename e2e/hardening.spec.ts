import { expect, test, type ConsoleMessage } from '@playwright/test';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';
import { runDbTask } from './support/db-task-client';
import { signInAsStaff } from './support/passkey';
import { JAMES, logInAs } from './support/patient';

const [frontDesk] = DEMO_STAFF;

/** Issue 16: the edge answers as a hardened deployment should. */
test.describe('hardening at the edge', () => {
  test('every page and API answer carries the security headers, with a fresh CSP nonce per request', async ({
    request,
  }) => {
    const first = await request.get('/demo/login');
    const second = await request.get('/demo/login');
    const api = await request.get('/api/health');
    for (const response of [first, api]) {
      const headers = response.headers();
      expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('same-origin');
      expect(headers['permissions-policy']).toContain('geolocation=(self)');
    }
    const nonce = (csp: string | undefined): string => /'nonce-([^']+)'/.exec(csp ?? '')?.[1] ?? '';
    expect(nonce(first.headers()['content-security-policy'])).not.toBe(
      nonce(second.headers()['content-security-policy']),
    );
    // Next.js stamps its own scripts with the request's nonce.
    const html = await first.text();
    expect(html).toContain(`nonce="${nonce(first.headers()['content-security-policy'])}"`);
  });

  test('bad input gets a clear 4xx: a NUL in a name, a 20 MB body, a 5,000-character id', async ({ request }) => {
    const nul = await request.post('/api/demo/register', {
      data: { given: 'Ana\u0000', family: 'Lopez', birthDate: '1990-01-01', gender: 'female', verifyBy: 'sms' },
    });
    expect(nul.status()).toBe(400);
    expect(await nul.json()).toMatchObject({ error: { reason: 'request.controlCharacters' } });
    const huge = await request.post('/api/demo/register', {
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ given: 'x'.repeat(20 * 1024 * 1024) }),
    });
    expect(huge.status()).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { message: 'The request is too large: at most 64 KB.' } });
    const longId = await request.get(`/api/demo/appointments/${'a'.repeat(5000)}/ics`);
    expect(longId.status()).toBe(400);
    expect(await longId.json()).toMatchObject({ error: { reason: 'request.idInvalid' } });
  });

  test('the app works under the CSP, a garbage cursor is 400, sign-out makes a copied cookie worthless', async ({
    page,
    browser,
  }) => {
    const violations: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await logInAs(page, JAMES);
    await page.goto('/demo/book');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(violations).toEqual([]);

    const cursor = await page.request.get('/api/demo/slots?service=primary-care&cursor=not-a-real-cursor');
    expect(cursor.status()).toBe(400);
    expect(await cursor.json()).toMatchObject({ error: { reason: 'request.invalidCursor' } });

    const copied = await page.context().cookies();
    await page.goto('/demo/me');
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(page).not.toHaveURL(/\/demo\/me$/);
    const thief = await browser.newContext();
    try {
      await thief.addCookies(copied);
      const stolen = await thief.request.get('/api/demo/slots?service=primary-care');
      expect(stolen.status()).toBe(401);
    } finally {
      await thief.close();
    }
  });

  test('staff sign-out ends the session on the server: a copied staff cookie stops working', async ({
    page,
    browser,
  }) => {
    await signInAsStaff(page, frontDesk);
    const copied = await page.context().cookies();
    const thief = await browser.newContext();
    try {
      await thief.addCookies(copied);
      // The copy works as long as the clerk is signed in...
      expect((await thief.request.get('/api/demo/desk/board')).status()).toBe(200);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/demo\/staff\/login$/);
      // ...and not a moment after: the board's API and the staff pages refuse it.
      expect((await thief.request.get('/api/demo/desk/board')).status()).toBe(401);
      const stolenPage = await thief.newPage();
      await stolenPage.goto('/demo/staff');
      await expect(stolenPage).toHaveURL(/\/demo\/staff\/login$/);
    } finally {
      await thief.close();
    }
  });

  test('the server starts its retention job at start-up: worker running, daily schedule registered', async ({
    request,
  }) => {
    const retentionWorker = async (): Promise<string> => {
      const health = (await (await request.get('/api/health')).json()) as {
        checks: { workers?: { workers: Record<string, { state: string }> } };
      };
      return health.checks.workers?.workers.retention?.state ?? 'missing';
    };
    await expect.poll(retentionWorker, { timeout: 15_000 }).toBe('running');
    const schedules = runDbTask<{ name: string; cron: string; timezone: string }[]>('jobSchedules', {});
    expect(schedules).toContainEqual({ name: 'retention-daily', cron: '17 3 * * *', timezone: 'UTC' });
  });

  test('a direct client’s X-Forwarded-For changes neither the rate-limit key nor the audited address', async ({
    request,
  }) => {
    // The browser tests' server sits behind no proxy (TRUSTED_PROXIES unset, playwright.config.ts).
    // An MRN nobody has: five free failures per MRN and source (lib/identity/patient/mrn-login.ts),
    // then a wait; a forged, rotating address must not make each try a fresh source.
    const mrn = `XFF${Date.now().toString(36)}`;
    const requestIdPrefix = `e2e-xff-${Date.now().toString(36)}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const response = await request.post('/api/demo/login/start', {
        data: { mrn, birthDate: '1990-01-01' },
        headers: {
          'x-forwarded-for': `198.51.100.${attempt + 1}`,
          'x-real-ip': `203.0.113.${attempt + 1}`,
          'x-request-id': `${requestIdPrefix}-${attempt}`,
        },
      });
      statuses.push(response.status());
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const addresses = runDbTask<(string | null)[]>('auditAddresses', { requestIdPrefix });
    expect(addresses.length).toBeGreaterThanOrEqual(5);
    expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));

    // Nor does a forged X-Forwarded-Host make a cross-site request look same-site.
    const crossSite = await request.post('/api/demo/login/start', {
      data: { mrn, birthDate: '1990-01-01' },
      headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(crossSite.status()).toBe(403);
  });
});
