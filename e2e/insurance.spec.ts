import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_LOCATIONS } from '@/lib/fhir-server/seed/demo-clinic';
import { DemoFhir, demoFhirGet } from './support/fhir';
import { JAMES, latestCode, signedInAs } from './support/patient';
import { signInAsStaff } from './support/passkey';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';

type CoverageBundle = { entry?: { resource: Record<string, unknown> }[] };

// James Carter's seeded coverage has an INA... member id, which the sandbox answers "not in force".

// One sign-in for the whole file (login codes per phone are rate-limited); the tests build on each other.
test.describe.configure({ mode: 'serial' });
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
  await signedInAs(page, JAMES);
});

test.afterAll(async () => {
  await context.close();
});

async function openForm(): Promise<ReturnType<Page['getByRole']>> {
  const mine = page.getByRole('region', { name: 'Your insurance' });
  if (await mine.getByRole('button', { name: 'Save insurance' }).isHidden())
    await mine.getByText(/Add insurance|Change insurance/).click();
  return mine;
}

test('the insurance page states the current coverage and its check plainly; axe finds nothing serious', async () => {
  await page.goto('/demo/me');
  await page.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Insurance' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Insurance');
  const mine = page.getByRole('region', { name: 'Your insurance' });
  await expect(mine).toContainText('Member ID: INA');
  await expect(mine.locator('[data-eligibility]')).toHaveText('Insurance: Not checked yet');
  await openForm();
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
  ).toEqual([]);
});

test('an illegal member id is explained and nothing is saved', async () => {
  const mine = await openForm();
  const before = (await demoFhirGet<CoverageBundle>(page.request, 'Coverage?_count=200')).entry?.length ?? 0;
  await mine.getByLabel('Insurance company').selectOption({ label: 'Blue Prairie Health Plan' });
  await mine.getByLabel('Member ID').fill('AB 12;--');
  await mine.getByRole('button', { name: 'Save insurance' }).click();
  await expect(mine.getByRole('alert')).toHaveText('Some fields are missing or not valid.');
  await expect(mine).toContainText('The member id can only have letters, digits and hyphens (2 to 30).');
  expect((await demoFhirGet<CoverageBundle>(page.request, 'Coverage?_count=200')).entry?.length ?? 0).toBe(before);
});

test('a member id the payer does not know is "unknown" with the payer’s words and a planned retry', async () => {
  const mine = await openForm();
  await mine.getByLabel('Insurance company').selectOption({ label: 'Blue Prairie Health Plan' });
  await mine.getByLabel('Member ID').fill('ERR-5150');
  await mine.getByRole('button', { name: 'Save insurance' }).click();
  await expect(mine.getByRole('status')).toHaveText('Insurance saved.');
  // The form folds away; what is on file now, with the check's result, is shown once.
  await expect(mine).toContainText('Insurance: Unknown');
  await expect(mine).toContainText('Insurance company says: “Subscriber not found”');
  await expect(mine).toContainText('We will check again');
});

test('a patient adds insurance: active in the EHR and on the card; the desk sees the badge and checks it', async ({
  request,
  browser,
}) => {
  test.setTimeout(120_000);
  await page.goto('/demo/me/insurance');
  const mine = await openForm();
  await mine.getByLabel('Insurance company').selectOption({ label: 'Great Lakes Medicaid' });
  await mine.getByLabel('Member ID').fill('GL-2025-77');
  await mine.getByLabel('Group number (if on the card)').fill('G-100');
  await mine.getByLabel('Who holds the policy?').selectOption('self');
  await mine.getByRole('button', { name: 'Save insurance' }).click();
  await expect(mine.getByRole('status')).toHaveText('Insurance saved.');
  await expect(mine).toContainText('Insurance: Active');
  await expect(mine).toContainText('Plan: Great Lakes Medicaid PPO');
  await expect(mine).toContainText('Copay: $25.00');
  await expect(mine).toContainText('Member ID: GL-2025-77');
  const coverage = await demoFhirGet<CoverageBundle>(request, 'Coverage?_count=200');
  expect(coverage.entry?.some((entry) => entry.resource.subscriberId === 'GL-2025-77')).toBe(true);

  // His next visit's card shows the insurance status (the demo seed books visits for him).
  await page.goto('/demo/me');
  await page.getByRole('region', { name: 'Upcoming appointments' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/demo\/appointments\/[^/]+$/);
  await expect(page.locator('[data-eligibility]')).toHaveText('Insurance: Active');
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';

  // The front desk sees the badge on the board and checks a visit on demand.
  const fhir = new DemoFhir(request);
  const [patientId, locationId, practitionerId] = await Promise.all([
    fhir.firstId(
      'Patient',
      `identifier=${encodeURIComponent(`https://lakeside-health.example/fhir/mrn|${JAMES.mrn}`)}`,
    ),
    fhir.firstId('Location', `name=${encodeURIComponent(DEMO_LOCATIONS[0].name)}`),
    fhir.firstId('Practitioner', '_count=1'),
  ]);
  const todayId = await fhir.createAppointment({
    patientId,
    practitionerId,
    locationId,
    start: new Date(Math.floor(Date.now() / 60_000) * 60_000),
    minutes: 20,
  });
  const desk = await browser.newContext();
  const deskPage = await desk.newPage();
  await signInAsStaff(deskPage, DEMO_STAFF[0]);
  await deskPage.goto('/demo/staff/board');
  const row = deskPage.locator(`tr[data-appointment-id="${todayId}"]`);
  await expect(row.locator('[data-eligibility]')).toHaveText('Insurance: Active');
  const checkedOnBoard = deskPage.waitForResponse((response) => response.url().endsWith('/api/demo/desk/eligibility'));
  await row.getByRole('button', { name: 'Check insurance: James Carter' }).click();
  expect(
    ((await (await checkedOnBoard).json()) as { eligibility: { status: string; appointmentId: string } }).eligibility,
  ).toMatchObject({ status: 'active', appointmentId: todayId });
  await expect(row.locator('[data-eligibility]')).toHaveText('Insurance: Active');
  const results = await new AxeBuilder({ page: deskPage }).analyze();
  expect(
    results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
  ).toEqual([]);

  const checked = await deskPage.request.post('/api/demo/desk/eligibility', { data: { appointmentId } });
  expect(checked.status()).toBe(200);
  expect(
    ((await checked.json()) as { eligibility: { status: string; appointmentId: string } }).eligibility,
  ).toMatchObject({ status: 'active', appointmentId });
  await desk.close();

  // Patients cannot use the front desk's check.
  expect((await page.request.post('/api/demo/desk/eligibility', { data: { appointmentId } })).status()).toBe(401);
});

test('a new patient adds insurance as the optional last step of registration and sees it active', async ({
  page: fresh,
  request,
}) => {
  const suffix = Math.random()
    .toString(36)
    .replace(/[^a-z]/g, '')
    .slice(0, 6);
  const line = String(7000 + Math.floor(Math.random() * 2999));
  const person = { family: `Ibarra${suffix}`, phone: `(312) 555-${line}`, e164: `+1312555${line}` };
  await fresh.goto('/demo/register');
  await fresh.getByLabel('First name').fill('Lena');
  await fresh.getByLabel('Last name').fill(person.family);
  await fresh.getByLabel('Date of birth').fill('1991-02-03');
  await fresh.getByLabel('Sex').selectOption('female');
  await fresh.getByLabel('Mobile phone').fill(person.phone);
  await fresh.getByLabel('Street and number').fill('400 N Lake Shore Dr');
  await fresh.getByLabel('City').fill('Chicago');
  const sent = Date.now() - 1000;
  await fresh.getByRole('button', { name: 'Send me a code' }).click();
  await fresh.getByLabel('6-digit code').fill(await latestCode(request, person.e164, sent));
  await fresh.getByRole('button', { name: 'Create my record' }).click();
  const insurance = fresh.getByRole('region', { name: 'Your insurance (optional)' });
  await expect(insurance).toBeVisible();
  const results = await new AxeBuilder({ page: fresh }).analyze();
  expect(
    results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
  ).toEqual([]);
  await insurance.getByLabel('Insurance company').selectOption({ label: 'Midwest Mutual Insurance' });
  await insurance.getByLabel('Member ID').fill('MW-31337');
  await insurance.getByRole('button', { name: 'Save insurance' }).click();
  await expect(insurance.getByRole('status')).toContainText('Insurance: Active');
  await expect(fresh).toHaveURL(/\/demo\/register$/);
  const coverage = await demoFhirGet<CoverageBundle>(request, 'Coverage?_count=200');
  expect(coverage.entry?.some((entry) => entry.resource.subscriberId === 'MW-31337')).toBe(true);
});

test('issue 17 #9: in Spanish the payer’s answer (status, reason, plan, copay) is Spanish; axe clean', async () => {
  const baseURL = test.info().project.use.baseURL ?? '';
  await context.addCookies([{ name: 'locale', value: 'es', url: baseURL }]);
  try {
    await page.goto('/demo/me/insurance');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    const mine = page.getByRole('region', { name: 'Su seguro' });
    const save = async (memberId: string, group: string): Promise<void> => {
      if (await mine.getByRole('button', { name: 'Guardar seguro' }).isHidden())
        await mine.getByText(/Agregar seguro|Cambiar seguro/).click();
      await mine.getByLabel('Aseguradora').selectOption({ label: 'Great Lakes Medicaid' });
      await mine.getByLabel('Número de afiliado').fill(memberId);
      await mine.getByLabel('Número de grupo (si aparece en la tarjeta)').fill(group);
      await mine.getByRole('button', { name: 'Guardar seguro' }).click();
      await expect(mine.getByRole('status')).toHaveText('Seguro guardado.');
    };

    // A member id the payer does not know: unknown, why in Spanish, the payer's own words quoted as written.
    await save('ERR-7788', '');
    await expect(mine).toContainText('Seguro: Desconocido');
    await expect(mine).toContainText('La aseguradora no encontró estos datos. Revise el número de afiliado.');
    await expect(mine).toContainText('La aseguradora dice: “Subscriber not found”');
    await expect(mine).toContainText('Volveremos a verificar');

    // Back to his active coverage (as the earlier journey left it): active, plan, and the copay in US Spanish.
    await save('GL-2025-77', 'G-100');
    await expect(mine).toContainText('Seguro: Activo');
    await expect(mine).toContainText('Plan: Great Lakes Medicaid PPO');
    await expect(mine).toContainText('Copago: $25.00');
    await expect(mine).not.toContainText('Copay');
    await page.reload();
    await expect(mine).toContainText('Copago: $25.00');
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
    ).toEqual([]);
  } finally {
    await context.addCookies([{ name: 'locale', value: 'en', url: baseURL }]);
  }
});
