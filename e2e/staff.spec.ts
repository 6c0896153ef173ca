import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';
import { signInStaff } from './support/staff';

const [frontDesk, admin] = DEMO_STAFF;

const signIn = signInStaff;

test.describe('staff sign-in', () => {
  test('a front-desk user signs in, sees their account, and signs out', async ({ page }) => {
    await signIn(page, frontDesk);
    await expect(page).toHaveURL(/\/demo\/staff$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${frontDesk.displayName}`);
    await expect(page.getByText('Front desk at Lakeside Community Health, all locations')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/demo\/staff\/login$/);
    await page.goto('/demo/staff');
    await expect(page).toHaveURL(/\/demo\/staff\/login$/);
  });

  test('a wrong password gets a message that does not say which part was wrong', async ({ page }) => {
    await signIn(page, { email: frontDesk.email, password: 'not-the-password' });
    await expect(page.locator('p[role="alert"]')).toHaveText('The email or password is not right.');
    await signIn(page, { email: 'nobody@lakeside.example', password: 'not-the-password' });
    await expect(page.locator('p[role="alert"]')).toHaveText('The email or password is not right.');
    await expect(page).toHaveURL(/\/demo\/staff\/login$/);
  });

  test('a session of one clinic is worthless at another clinic', async ({ page }) => {
    await signIn(page, frontDesk);
    await expect(page).toHaveURL(/\/demo\/staff$/);
    await page.goto('/northside/staff');
    await expect(page).toHaveURL(/\/northside\/staff\/login$/);
    const response = await page.request.get('/api/northside/audit/export');
    expect(response.status()).toBe(401);
  });

  test('an administrator reads the audit log, filters it, and exports it as CSV; a front-desk user cannot', async ({
    page,
    browser,
  }) => {
    await signIn(page, admin);
    await expect(page).toHaveURL(/\/demo\/staff$/);
    await page.getByRole('region', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
    await page.getByLabel('Action starts with').fill('staff.login');
    await page.getByLabel('Outcome').selectOption('success');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/action=staff\.login/);
    const rows = page.getByRole('region', { name: 'Audit events' }).getByRole('row');
    await expect(rows.nth(1)).toContainText('staff.login');
    await expect(rows.nth(1)).toContainText('success');

    const serious = (await new AxeBuilder({ page }).analyze()).violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(serious.map((violation) => violation.id)).toEqual([]);

    const download = await page.request.get('/api/demo/audit/export?action=staff.login');
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('text/csv');
    const csv = await download.text();
    expect(csv.split('\r\n')[0]).toBe(
      'id,occurredAt,actorType,actorId,actorRole,patientId,action,outcome,requestId,ip,userAgent',
    );
    expect(csv).toContain('staff.login,success');

    await page.goto('/demo/staff');
    await page.getByRole('link', { name: 'Undelivered messages' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Undelivered messages');
    await expect(page.getByRole('region', { name: 'Undelivered messages' })).toBeVisible();

    const deskContext = await browser.newContext();
    const deskPage = await deskContext.newPage();
    await signIn(deskPage, frontDesk);
    await expect(deskPage).toHaveURL(/\/demo\/staff$/);
    expect((await deskPage.request.get('/api/demo/audit/export')).status()).toBe(403);
    await deskPage.goto('/demo/staff/audit');
    await expect(deskPage).toHaveURL(/\/demo\/staff$/);
    await deskPage.goto('/demo/staff/notifications');
    await expect(deskPage).toHaveURL(/\/demo\/staff$/);
    await deskContext.close();
  });

  test('an administrator checks the EHR connection and sees every item pass; the front desk cannot', async ({
    page,
  }) => {
    await signIn(page, admin);
    await page.getByRole('link', { name: 'EHR connection' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('EHR connection');
    await page.getByRole('button', { name: 'Run the check again' }).click();
    await expect(page.getByRole('status')).toHaveText('Patients can book, change and cancel visits online.');
    await expect(page.getByText('OK: Atomic transactions (probe)')).toBeVisible();
    await expect(page.getByText('OK: Granted scope')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
    ).toEqual([]);
    await page.goto('/demo/staff');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/demo\/staff\/login$/);
    await signIn(page, frontDesk);
    await expect(page).toHaveURL(/\/demo\/staff$/);
    await page.goto('/demo/staff/ehr');
    await expect(page).toHaveURL(/\/demo\/staff$/);
  });
});
