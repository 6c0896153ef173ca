import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { runDbTask } from './support/db-task-client';
import { logInAs, MARIA } from './support/patient';

async function fhirSearch(request: APIRequestContext, path: string): Promise<{ entry?: { resource: Record<string, unknown> }[] }> {
  const { clientId, clientSecret } = runDbTask<{ clientId: string; clientSecret: string }>('demoFhirCredentials', {});
  const token = ((await (await request.post('/fhir/demo/auth/token', { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } })).json()) as { access_token: string }).access_token;
  return (await (await request.get(`/fhir/demo/${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { entry?: { resource: Record<string, unknown> }[] };
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('a patient adds insurance and sees it active, in the EHR and on the appointment card; the front desk checks it too', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  await logInAs(page, MARIA);
  await page.getByRole('link', { name: 'Insurance' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Insurance');
  const mine = page.getByRole('region', { name: 'Your insurance' });
  await mine.getByText('Change insurance').click();
  await mine.getByLabel('Insurance company').selectOption({ label: 'Great Lakes Medicaid' });
  await mine.getByLabel('Member ID').fill('GL-2025-77');
  await mine.getByLabel('Group number (if on the card)').fill('G-100');
  await mine.getByLabel('Who holds the policy?').selectOption('self');
  await mine.getByRole('button', { name: 'Save insurance' }).click();
  const saved = mine.getByRole('status');
  await expect(saved).toContainText('Insurance saved.');
  await expect(saved).toContainText('Insurance: Active');
  await expect(saved).toContainText('Plan: Great Lakes Medicaid PPO');
  await expect(saved).toContainText('Copay: $25.00');
  await expect(mine).toContainText('Member ID: GL-2025-77');

  const coverage = await fhirSearch(request, 'Coverage?_count=200');
  expect(coverage.entry?.some((entry) => entry.resource.subscriberId === 'GL-2025-77')).toBe(true);

  // Book a visit for herself: its card shows the insurance status.
  await page.goto('/demo/book');
  await page.getByLabel('Who is the visit for?').selectOption({ index: 0 });
  await page.getByLabel('Visit type').selectOption({ label: 'Primary care visit' });
  await page.getByLabel('From').fill(inDays(2));
  await page.getByRole('button', { name: 'Show times' }).click();
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked');
  await expect(page.locator('[data-eligibility]')).toHaveText('Insurance: Active');
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';

  // The front desk checks the same appointment on demand.
  const desk = await browser.newContext();
  const deskPage = await desk.newPage();
  await deskPage.goto('/demo/staff/login');
  await deskPage.getByLabel('Work email').fill('frontdesk@lakeside.example');
  await deskPage.getByLabel('Password').fill('lakeside-frontdesk');
  await deskPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(deskPage).toHaveURL(/\/demo\/staff$/);
  const checked = await deskPage.request.post('/api/demo/desk/eligibility', { data: { appointmentId } });
  expect(checked.status()).toBe(200);
  expect(((await checked.json()) as { eligibility: { status: string; appointmentId: string } }).eligibility).toMatchObject({ status: 'active', appointmentId });
  await desk.close();

  // Patients cannot use the front desk's check.
  expect((await page.request.post('/api/demo/desk/eligibility', { data: { appointmentId } })).status()).toBe(401);
});

test('illegal member ids are explained and nothing is saved; a rejected dependent coverage says so plainly', async ({ page }) => {
  await logInAs(page, MARIA);
  await page.goto('/demo/me/insurance');
  const sofia = page.getByRole('region', { name: 'Insurance for Sofia Lopez' });
  const before = await sofia.textContent();
  if (await sofia.getByRole('button', { name: 'Save insurance' }).isHidden()) await sofia.getByText(/Add insurance|Change insurance/).click();
  await sofia.getByLabel('Insurance company').selectOption({ label: 'Blue Prairie Health Plan' });
  await sofia.getByLabel('Member ID').fill('AB 12;--');
  await sofia.getByRole('button', { name: 'Save insurance' }).click();
  await expect(sofia.getByRole('alert')).toHaveText('Some fields are missing or not valid.');
  await expect(sofia).toContainText('The member id can only have letters, digits and hyphens (2 to 30).');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Insurance for Sofia Lopez' })).toHaveText(before ?? '');

  const again = page.getByRole('region', { name: 'Insurance for Sofia Lopez' });
  if (await again.getByRole('button', { name: 'Save insurance' }).isHidden()) await again.getByText(/Add insurance|Change insurance/).click();
  await again.getByLabel('Insurance company').selectOption({ label: 'Blue Prairie Health Plan' });
  await again.getByLabel('Member ID').fill('ERR-5150');
  await again.getByLabel('Who holds the policy?').selectOption('child');
  await again.getByRole('button', { name: 'Save insurance' }).click();
  const status = again.getByRole('status');
  await expect(status).toContainText('Insurance: Unknown');
  await expect(status).toContainText('Insurance company says: “Subscriber not found”');
  await expect(status).toContainText('We will check again');
});

test('axe finds no serious or critical accessibility problems on the insurance page', async ({ page }) => {
  await logInAs(page, MARIA);
  await page.goto('/demo/me/insurance');
  await page.getByRole('region', { name: 'Your insurance' }).getByText(/Add insurance|Change insurance/).click();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([]);
});
