import { spawnSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe('a clinic on a phone', () => {
  test('the demo clinic home page shows the clinic, with landmarks and a skip link', async ({ page }) => {
    await page.goto('/demo');
    await expect(page.getByRole('banner')).toContainText('Lakeside Community Health');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Lakeside Community Health');
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('contentinfo')).toContainText('(312) 555-0142');

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await skip.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });

  test('fits a 360 px wide screen without horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/demo');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('axe finds no serious or critical accessibility problems on the clinic home and the 404 page', async ({
    page,
  }) => {
    for (const path of ['/demo', '/no-such-clinic']) {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
      expect(serious.map((violation) => `${path}: ${violation.id}`)).toEqual([]);
    }
  });

  test('an unknown clinic gets a friendly 404 page that leads back to the clinic list', async ({ page }) => {
    const response = await page.goto('/no-such-clinic');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that page');
    await page.getByRole('link', { name: 'See all clinics' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose your clinic');
    await expect(page.getByRole('link', { name: 'Lakeside Community Health' })).toBeVisible();
  });

  test('a clinic added from the command line is served at once, without a restart', async ({ page, baseURL }) => {
    const slug = `e2e-${Date.now().toString(36)}`;
    const added = spawnSync(
      'npx',
      [
        'tsx',
        'scripts/tenant-add.ts',
        '--slug',
        slug,
        '--name',
        'Hillcrest Dental',
        '--time-zone',
        'America/Los_Angeles',
        '--fhir-base-url',
        `${baseURL}/fhir/${slug}`,
        '--mrn-system',
        'urn:oid:1.2.3.4.5',
        '--phone',
        '(415) 555-0199',
      ],
      { encoding: 'utf8', env: process.env },
    );
    expect(added.stderr).not.toContain('✖');
    expect(added.status).toBe(0);
    await page.goto(`/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Hillcrest Dental');
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Hillcrest Dental' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Lakeside Community Health' })).toBeVisible();
  });
});

test.describe('languages', () => {
  test('the page follows the browser language, and the patient can switch it', async ({ browser }) => {
    const context = await browser.newContext({
      locale: 'zh-CN',
      extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    const page = await context.newPage();
    await page.goto('/demo');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎来到Lakeside Community Health');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');

    await page.getByLabel('语言').selectOption('es');
    await page.getByRole('button', { name: '更改' }).click();
    await expect(page).toHaveURL(/\/demo$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenido a Lakeside Community Health');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await context.close();
  });

  test('the language switch only returns to pages of this site', async ({ request }) => {
    const response = await request.post('/api/locale', {
      form: { locale: 'es', returnTo: '//evil.example/phish' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
  });
});

test.describe('the health endpoint and request ids', () => {
  test('answers 200 with the database and migrations ok', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true }, migrations: { ok: true } },
    });
  });

  test('keeps a sane x-request-id and replaces a malformed one', async ({ request }) => {
    const kept = await request.get('/api/health', { headers: { 'x-request-id': 'client-trace-0001' } });
    expect(kept.headers()['x-request-id']).toBe('client-trace-0001');
    const replaced = await request.get('/api/health', { headers: { 'x-request-id': '<bad id>' } });
    expect(replaced.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const page = await request.get('/demo');
    expect(page.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
