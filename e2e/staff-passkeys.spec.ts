import { devices, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';
import { expectAccessible } from './support/axe';
import { runDbTask } from './support/db-task-client';
import { passSecondFactor, signInAsStaff, virtualAuthenticator, type StaffAccount } from './support/passkey';

const [, admin] = DEMO_STAFF;

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: test.info().project.use.baseURL ?? '' });
  return { context, page: await context.newPage() };
}

async function passwordStep(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/demo/staff/login');
  await page.getByLabel('Work email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an administrator cannot reach the audit log with the password alone; the passkey step opens it', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const office = await phone(browser);
  await passwordStep(office.page, admin);
  await expect(office.page).toHaveURL(/\/demo\/staff\/second-factor$/);
  await expectAccessible(office.page, 'staff passkey step');

  // Neither the pages nor the API take the password-only session.
  await office.page.goto('/demo/staff/audit');
  await expect(office.page).toHaveURL(/\/demo\/staff\/second-factor$/);
  const exported = await office.page.request.get('/api/demo/audit/export');
  expect(exported.status()).toBe(401);
  expect(((await exported.json()) as { error: { message: string } }).error.message).toBe(
    'Please confirm it is you with your passkey first.',
  );

  await passSecondFactor(office.page, admin.email);
  await expect(office.page).toHaveURL(/\/demo\/staff$/, { timeout: 15_000 });
  await office.page.goto('/demo/staff/audit?action=staff.second_factor');
  await expect(office.page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  await expect(office.page.getByRole('region', { name: 'Audit events' }).getByRole('row').nth(1)).toContainText(
    'staff.second_factor',
  );
  expect((await office.page.request.get('/api/demo/audit/export')).status()).toBe(200);
  await office.context.close();
});

test('a new clerk sets up a passkey with the code an administrator made; a reset ends their sessions', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const clerk: StaffAccount = {
    email: `kim-${Date.now()}@lakeside.example`,
    password: 'a long clerk password 42',
    role: 'front_desk',
  };
  const displayName = `Kim Nguyen ${Date.now() % 10_000}`;
  runDbTask('addDemoStaffMember', { email: clerk.email, displayName, password: clerk.password });

  // The administrator makes the clerk an enrolment code on the passkeys page.
  const office = await phone(browser);
  await signInAsStaff(office.page, admin);
  await office.page.getByRole('navigation', { name: 'Staff menu' }).getByRole('link', { name: 'Passkeys' }).click();
  await expect(office.page.getByRole('heading', { level: 1 })).toHaveText('Passkeys');
  await expectAccessible(office.page, 'staff passkeys (administrator)');
  await office.page.getByRole('button', { name: `Reset passkeys of ${displayName}` }).click();
  const issued = office.page.getByRole('status');
  await expect(issued).toContainText(`Enrolment code for ${displayName}:`);
  const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await issued.textContent()) ?? '')?.[1];
  expect(code).toBeTruthy();

  // The clerk (no passkey yet, not required of the front desk) signs in with the password and adds one.
  const desk = await phone(browser);
  await virtualAuthenticator(desk.page);
  await signInAsStaff(desk.page, clerk);
  await desk.page.goto('/demo/staff/passkeys');
  await expect(desk.page.getByText('You have no passkeys yet.')).toBeVisible();
  await desk.page.getByLabel('Enrolment code (needed until you have confirmed with a passkey)').fill(code ?? '');
  await desk.page.getByLabel('Name for the new passkey (optional)').fill('Desk tablet');
  await desk.page.getByRole('button', { name: 'Add a passkey' }).click();
  // Having a passkey, the clerk now owes it on this session too: one tap confirms.
  await expect(desk.page).toHaveURL(/\/demo\/staff\/second-factor$/, { timeout: 15_000 });
  await desk.page.getByRole('button', { name: 'Use my passkey' }).click();
  await expect(desk.page).toHaveURL(/\/demo\/staff$/, { timeout: 15_000 });
  await desk.page.goto('/demo/staff/passkeys');
  await expect(desk.page.getByText('Desk tablet')).toBeVisible();

  // The password alone no longer opens the clerk's account on another device.
  const other = await phone(browser);
  await passwordStep(other.page, clerk);
  await expect(other.page).toHaveURL(/\/demo\/staff\/second-factor$/);
  expect((await other.page.request.get('/api/demo/desk/board')).status()).toBe(401);
  await other.context.close();

  // A reset by the administrator removes the passkey and ends the clerk's sessions.
  await office.page.reload();
  await office.page.getByRole('button', { name: `Reset passkeys of ${displayName}` }).click();
  await expect(office.page.getByRole('status')).toContainText(`Enrolment code for ${displayName}:`);
  await desk.page.goto('/demo/staff');
  await expect(desk.page).toHaveURL(/\/demo\/staff\/login$/);
  await desk.context.close();
  await office.context.close();
});
