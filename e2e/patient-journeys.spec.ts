/**
 * Issue 17, the patient's part: each numbered finding a new patient or guardian hit, as a journey that
 * failed before the fix. One signed-in guardian (Maria Lopez) for the whole file, as a real phone
 * would stay signed in; the tests build on each other (serial).
 */
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_LOCATIONS } from '@/lib/fhir-server/seed/demo-clinic';
import { DemoFhir } from './support/fhir';
import { JAMES, latestCode, MARIA, signedInAs } from './support/patient';

const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';
const [LOOP] = DEMO_LOCATIONS;

test.describe.configure({ mode: 'serial' });
let context: BrowserContext;
let page: Page;
/** The vaccination Maria books, moves and cancels (findings 2, 17, 7). */
let vaccinationId = '';
const started = new Date(Date.now() - 1000).toISOString();

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({
    ...devices['Pixel 7'],
    baseURL: test.info().project.use.baseURL,
    // At the Loop clinic's door, with an indoor-grade fix (for checking in).
    geolocation: { latitude: LOOP.latitude + 90 / 111_195, longitude: LOOP.longitude, accuracy: 60 },
    permissions: ['geolocation'],
  });
  page = await context.newPage();
  await signedInAs(page, MARIA);
});

test.afterAll(async () => {
  await context.close();
});

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function expectAccessible(label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(serious.map((violation) => `${label}: ${violation.id}`)).toEqual([]);
}

async function useLanguage(locale: 'en' | 'es' | 'zh'): Promise<void> {
  await context.clearCookies({ name: 'locale' });
  if (locale !== 'en')
    await context.addCookies([{ name: 'locale', value: locale, url: test.info().project.use.baseURL ?? '' }]);
}

/** The appointment's calendar file, unfolded into lines (RFC 5545 §3.1). */
async function calendarLines(appointmentId: string): Promise<string[]> {
  const response = await page.request.get(`/api/demo/appointments/${appointmentId}/ics`);
  expect(response.status()).toBe(200);
  return (await response.text()).replace(/\r\n[ \t]/g, '').split('\r\n');
}

function property(lines: string[], name: string): string {
  return lines.find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))?.replace(/^[^:]*:/, '') ?? '';
}

/** Books the first free time of a visit type from a day, with a reason; returns the appointment id. */
async function book(service: string, from: string, reason: string): Promise<string> {
  await page.goto(`/demo/book?for=0&service=${service}&from=${from}`);
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await page.getByLabel('Reason for the visit (optional)').fill(reason);
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked');
  return /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
}

/** The definition next to a term on an appointment or review page. */
function detail(term: string): ReturnType<Page['locator']> {
  return page.locator('.details dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
}

test('finding 1: times inside the clinic’s minimum notice are not offered (the server filters them)', async ({
  request,
}) => {
  const fhir = new DemoFhir(request);
  // A free vaccination time 45 minutes from now; the clinic asks for two hours' notice.
  const later = (await (await page.request.get(`/api/demo/slots?service=vaccination&from=${inDays(2)}`)).json()) as {
    items: { id: string }[];
  };
  const like = await fhir.get(`Slot/${later.items[0]?.id ?? ''}`);
  const soonId = await fhir.createSlot(like, new Date(Date.now() + 45 * 60_000), 15);

  await page.goto('/demo/book?for=0&service=vaccination');
  await expect(page.locator('.slot-day').first()).toBeVisible();
  await expect(page.locator(`a.slot[href*="slot=${soonId}"]`)).toHaveCount(0);
  // The API itself offers nothing that confirming would refuse (booking and moving use the same search).
  const earliest = Date.now() + 119 * 60_000;
  const offered = (await (await page.request.get('/api/demo/slots?service=vaccination')).json()) as {
    items: { id: string; start: string }[];
  };
  expect(offered.items.length).toBeGreaterThan(0);
  expect(offered.items.map((slot) => slot.id)).not.toContain(soonId);
  expect(offered.items.filter((slot) => Date.parse(slot.start) < earliest)).toEqual([]);
});

test('finding 2: confirming again after going back says it is already booked, with a link to it', async () => {
  vaccinationId = await book('vaccination', inDays(5), 'Flu shot');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  const alert = page.locator('.form-error');
  await expect(alert).toContainText('You already booked this time.');
  await expect(alert).not.toContainText('someone just took');
  await alert.getByRole('link', { name: 'See your booking' }).click();
  await expect(page).toHaveURL(new RegExp(`/demo/appointments/${vaccinationId}$`), { timeout: 15_000 });
  await expect(detail('Reason for the visit')).toHaveText('Flu shot');
});

test('finding 17: calendar file with address, clinician, stable UID, growing SEQUENCE, METHOD:CANCEL', async () => {
  test.setTimeout(60_000);
  await page.goto(`/demo/appointments/${vaccinationId}`);
  const clinician = (await detail('With').textContent()) ?? '';
  expect(clinician).toMatch(/\S/);
  const booked = await calendarLines(vaccinationId);
  expect(property(booked, 'METHOD')).toBe('PUBLISH');
  expect(property(booked, 'UID')).toBe(`${vaccinationId}@demo`);
  expect(property(booked, 'LOCATION')).toMatch(/Lakeside Community Health – .+\\n\d+ [^\\]+\\, Chicago/);
  expect(property(booked, 'DESCRIPTION')).toContain(clinician);
  const bookedSequence = Number(property(booked, 'SEQUENCE'));

  await page.getByRole('link', { name: 'Choose another time' }).click();
  await page.getByText('Change search').click();
  await page.getByLabel('From').fill(inDays(7));
  await page.getByRole('button', { name: 'Show times' }).click();
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await page.getByRole('button', { name: 'Move my appointment here' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is moved');
  const moved = await calendarLines(vaccinationId);
  expect(property(moved, 'UID')).toBe(`${vaccinationId}@demo`);
  expect(property(moved, 'DTSTART')).not.toBe(property(booked, 'DTSTART'));
  const movedSequence = Number(property(moved, 'SEQUENCE'));
  expect(movedSequence).toBeGreaterThan(bookedSequence);

  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByRole('status').first()).toContainText('This appointment is cancelled.');
  const cancelled = await calendarLines(vaccinationId);
  expect(property(cancelled, 'METHOD')).toBe('CANCEL');
  expect(property(cancelled, 'STATUS')).toBe('CANCELLED');
  expect(property(cancelled, 'UID')).toBe(`${vaccinationId}@demo`);
  expect(Number(property(cancelled, 'SEQUENCE'))).toBeGreaterThan(movedSequence);
});

test('finding 7: a cancelled visit stays in history with Book again; so does the cancellation message', async () => {
  await page.goto('/demo/me');
  const history = page.getByRole('region', { name: 'Past and cancelled appointments' });
  const item = history
    .locator('li.appointment')
    .filter({ has: page.locator(`a[href="/demo/appointments/${vaccinationId}"]`) });
  await expect(item).toContainText('Status: Cancelled');
  await expect(item).toContainText('Vaccination');
  // The same visit type with the same clinician.
  await expect(item.getByRole('link', { name: 'Book again' })).toHaveAttribute(
    'href',
    /^\/demo\/book\?service=vaccination&practitioner=[\w-]+$/,
  );
  await expectAccessible('home with history');

  await page.goto(`/demo/appointments/${vaccinationId}`);
  await page.getByRole('link', { name: 'Book again' }).click();
  await expect(page).toHaveURL(/\/demo\/book\?service=vaccination&practitioner=[\w-]+$/);
  await expect(page.getByLabel('Visit type')).toHaveValue('vaccination');

  const outbox = (await (
    await page.request.get(`/api/dev/outbox?to=${encodeURIComponent(MARIA.phone)}&limit=50`)
  ).json()) as { messages: { template: string; text: string; createdAt: string }[] };
  const cancellations = outbox.messages.filter(
    (message) => message.template === 'cancellation-by-patient' && message.createdAt >= started,
  );
  expect(cancellations.length).toBeGreaterThan(0);
  expect(cancellations.some((message) => message.text.includes('/demo/book?service=vaccination'))).toBe(true);
  expect(cancellations.filter((message) => message.text.includes('/appointments/'))).toEqual([]);
});

test('finding 12: moving shows the current time, says moved; cancel has Keep it; the reason is shown', async () => {
  test.setTimeout(60_000);
  const dentalId = await book('dental', inDays(6), 'Cleaning, please');
  await expect(detail('Reason for the visit')).toHaveText('Cleaning, please');
  const now = (await detail('When').textContent()) ?? '';

  await page.getByRole('link', { name: 'Choose another time' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new time');
  await expect(page.getByText(`You are moving: Dental cleaning, ${now}.`)).toBeVisible();
  await page.getByText('Change search').click();
  await page.getByLabel('From').fill(inDays(8));
  await page.getByRole('button', { name: 'Show times' }).click();
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Move your visit');
  await expect(page).toHaveTitle(/^Move your visit · /);
  await expect(detail('Booked now for')).toHaveText(now);
  await expectAccessible('moving a visit');
  await page.getByRole('button', { name: 'Move my appointment here' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is moved');
  await expect(page).toHaveURL(new RegExp(`/demo/appointments/${dentalId}\\?moved=1$`));

  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('button', { name: 'No, keep it' }).click();
  await expect(page.getByRole('button', { name: 'Yes, cancel it' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  const confirm = page.getByRole('button', { name: 'Yes, cancel it' });
  await expect(confirm).toHaveClass(/button--danger/);
  await expectAccessible('cancelling a visit');
  await confirm.click();
  await expect(page.getByRole('status').first()).toContainText('This appointment is cancelled.');
  await expect(detail('Status')).toHaveText('Cancelled');
});

test('finding 3: after a 409, tapping an alternative clears the error and the old list', async () => {
  await page.goto(`/demo/book?for=0&service=primary-care&from=${inDays(9)}`);
  const href = (await page.locator('.slot').first().getAttribute('href')) ?? '';
  // A version that no longer matches: the EHR refuses it as taken meanwhile.
  await page.goto(href.replace(/([?&]v=)[^&]*/, '$1stale-version'));
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.locator('.form-error')).toContainText('Sorry, someone just took that time.');
  const alternative = page.locator('.form-error .slot').first();
  const alternativeHref = (await alternative.getAttribute('href')) ?? '';
  await alternative.click();
  await expect(page).toHaveURL(alternativeHref);
  await expect(page.locator('.form-error')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Confirm booking' })).toBeEnabled();
});

test('finding 4: choosing Sofia under "People in your care" shows her in "Show appointments for"', async () => {
  await page.goto('/demo/me');
  const sofia = page.getByRole('region', { name: 'People in your care' }).getByRole('link', { name: 'Sofia Lopez' });
  const sofiaId = new URL((await sofia.getAttribute('href')) ?? '', 'http://app.test').searchParams.get('for') ?? '';
  expect(sofiaId).toMatch(/\S/);
  await expect(page.getByLabel('Show appointments for')).toHaveValue('');
  await sofia.click();
  await expect(page.getByText('You are acting for Sofia Lopez.')).toBeVisible();
  await expect(page.getByLabel('Show appointments for')).toHaveValue(sofiaId);
});

test('finding 6: after checking in the home page says "Arrived"; statuses are words, in English and Spanish', async ({
  request,
}) => {
  test.setTimeout(60_000);
  const fhir = new DemoFhir(request);
  const [patientId, locationId, practitionerId] = await Promise.all([
    fhir.firstId('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|${MARIA.mrn}`)}`),
    fhir.firstId('Location', `name=${encodeURIComponent(LOOP.name)}`),
    fhir.firstId('Practitioner', '_count=1'),
  ]);
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const appointmentId = await fhir.createAppointment({ patientId, practitionerId, locationId, start, minutes: 20 });

  await page.goto('/demo/me');
  const item = page
    .locator('li.appointment')
    .filter({ has: page.locator(`a[href="/demo/appointments/${appointmentId}"]`) });
  await expect(item).toContainText('Status: Booked');
  await item.getByRole('button', { name: 'I’m here' }).click();
  await expect(item.getByRole('status')).toContainText('is checked in');
  await expect(item).toContainText('Status: Arrived');
  expect((await fhir.get(`Appointment/${appointmentId}`)).status).toBe('arrived');

  await useLanguage('es');
  try {
    await page.goto('/demo/me');
    await expect(item).toContainText('Estado: Llegó');
    await page.goto(`/demo/appointments/${appointmentId}`);
    await expect(detail('Estado')).toHaveText('Llegó');
    await expect(page).toHaveTitle(/^Detalles de la cita · /);
  } finally {
    await useLanguage('en');
  }
});

test('finding 10: another payer clears the group number; once saved the form folds, result shown once', async () => {
  await page.goto('/demo/me/insurance');
  const mateo = page.getByRole('region', { name: /Insurance for Mateo/ });
  if (await mateo.getByRole('button', { name: 'Save insurance' }).isHidden())
    await mateo.getByText(/Add insurance|Change insurance/).click();
  await mateo.getByLabel('Insurance company').selectOption({ label: 'Blue Prairie Health Plan' });
  await mateo.getByLabel('Member ID').fill('BP-4455');
  await mateo.getByLabel('Group number (if on the card)').fill('GRP-9');
  await mateo.getByLabel('Insurance company').selectOption({ label: 'Great Lakes Medicaid' });
  await expect(mateo.getByLabel('Group number (if on the card)')).toHaveValue('');
  await expect(mateo.getByLabel('Member ID')).toHaveValue('');
  await mateo.getByLabel('Member ID').fill('GL-5566');
  await mateo.getByRole('button', { name: 'Save insurance' }).click();
  await expect(mateo.getByRole('status')).toHaveText('Insurance saved.');
  await expect(mateo.getByRole('button', { name: 'Save insurance' })).toBeHidden();
  await expect(mateo).toContainText('Member ID: GL-5566');
  await expect(mateo).not.toContainText('GRP-9');
  await expect(mateo.locator('.eligibility-result')).toHaveCount(1);
  await expectAccessible('insurance saved');
});

test('finding 13: a patient menu (Home, Book, Insurance, Profile), in English and Chinese', async () => {
  await page.goto('/demo/me/profile');
  const menu = page.getByRole('navigation', { name: 'Your pages' });
  await expect(menu.getByRole('link')).toHaveText(['Home', 'Book', 'Insurance', 'Profile']);
  await expect(menu.getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
  await menu.getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/demo\/me$/);
  await expect(menu.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
  await menu.getByRole('link', { name: 'Book' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Book a visit');

  await useLanguage('zh');
  try {
    await page.goto('/demo/me/insurance');
    const zhMenu = page.getByRole('navigation', { name: '您的页面' });
    await expect(zhMenu.getByRole('link')).toHaveText(['首页', '预约', '保险', '个人资料']);
    await expect(zhMenu.getByRole('link', { name: '保险' })).toHaveAttribute('aria-current', 'page');
    await expect(page).toHaveTitle(/^医疗保险 · /);
  } finally {
    await useLanguage('en');
  }
});

test('finding 14: home groups visits by month, names the visit type, pages long lists (also in Chinese)', async ({
  request,
}) => {
  test.setTimeout(60_000);
  const fhir = new DemoFhir(request);
  const [patientId, locationId, practitionerId] = await Promise.all([
    fhir.firstId('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|${MARIA.mrn}`)}`),
    fhir.firstId('Location', `name=${encodeURIComponent(LOOP.name)}`),
    fhir.firstId('Practitioner', '_count=1'),
  ]);
  // Eleven visits the clinic fitted in two months ahead: more than one page of the list.
  for (let day = 0; day < 11; day += 1) {
    const start = new Date(Date.parse(`${inDays(60 + day)}T15:00:00Z`));
    await fhir.createAppointment({ patientId, practitionerId, locationId, start, minutes: 20 });
  }
  await page.goto('/demo/me');
  const upcoming = page.getByRole('region', { name: 'Upcoming appointments' });
  await expect(upcoming.locator('li.appointment')).toHaveCount(10);
  await expect(upcoming.locator('h3').first()).toHaveText(/^[A-Z][a-z]+ \d{4}$/);
  await upcoming.getByRole('link', { name: 'Show more' }).click();
  await expect(upcoming.locator('li.appointment').nth(10)).toBeVisible();
  expect(await upcoming.locator('li.appointment').count()).toBeLessThanOrEqual(20);
  await expectAccessible('home, longer list');

  await useLanguage('zh');
  try {
    await page.goto('/demo/me');
    await expect(page).toHaveTitle(/^我的预约 · /);
    const history = page.getByRole('region', { name: '过去和已取消的预约' });
    const item = history
      .locator('li.appointment')
      .filter({ has: page.locator(`a[href="/demo/appointments/${vaccinationId}"]`) });
    await expect(item).toContainText('疫苗接种');
    await expect(item).toContainText('状态：已取消');
    await expect(history.locator('h3').first()).toHaveText(/^\d{4}年\d{1,2}月$/);
  } finally {
    await useLanguage('en');
  }
});

test('finding 5: an MRN typed with a hyphen or spaces finds the patient (his real contact, not a decoy)', async ({
  browser,
}) => {
  const signedOut = await browser.newContext({ ...devices['Pixel 7'], baseURL: test.info().project.use.baseURL });
  const loginPage = await signedOut.newPage();
  try {
    for (const typed of ['1000-0041', ' 1000 0041 ']) {
      await loginPage.goto('/demo/login');
      await loginPage.getByLabel('Medical record number (MRN)').fill(typed);
      await loginPage.getByLabel('Date of birth').fill(JAMES.birthDate);
      await loginPage.getByRole('button', { name: 'Continue' }).click();
      await expect(loginPage.getByLabel(`Text message to ***-***-${JAMES.phone.slice(-4)}`)).toBeVisible();
    }
  } finally {
    await signedOut.close();
  }
});

test('contact details: a new email is proved by a code sent to it; it and a new address reach the EHR', async ({
  request,
}) => {
  const fhir = new DemoFhir(request);
  const patientId = await fhir.firstId('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|${MARIA.mrn}`)}`);
  const email = `maria.${Date.now()}@example.org`;
  // Maria's record is shared by later journeys (her masked email at sign-in): put it back afterwards.
  const original = await fhir.get<{ resourceType: string; id: string }>(`Patient/${patientId}`);
  try {
    await changeMariasContactDetails(fhir, patientId, email);
  } finally {
    await fhir.put(original);
  }
});

async function changeMariasContactDetails(fhir: DemoFhir, patientId: string, email: string): Promise<void> {
  await page.goto('/demo/me/profile');
  const section = page.getByRole('region', { name: 'Phone, email and address' });
  await section.getByLabel('Email', { exact: true }).check();
  await section.getByLabel('The new phone number or email').fill(email);
  const sent = Date.now() - 1000;
  await section.getByRole('button', { name: 'Send a code to it' }).click();
  await expect(section.getByRole('status')).toHaveText('We sent a code to m***@example.org. It expires in 10 minutes.');
  // Nothing is written to the EHR before the code comes back.
  const before = await fhir.get<{ telecom?: { system: string; value: string }[] }>(`Patient/${patientId}`);
  expect(before.telecom?.map((point) => point.value)).not.toContain(email);
  await section.getByLabel('6-digit code').fill(await latestCode(page.request, email, sent));
  await section.getByRole('button', { name: 'Save it in my record' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved in your record at the clinic.');
  await expect(section).toContainText('m***@example.org');
  const after = await fhir.get<{ telecom?: { system: string; value: string }[] }>(`Patient/${patientId}`);
  expect(after.telecom?.filter((point) => point.system === 'email').map((point) => point.value)).toEqual([email]);
  // Her phone is kept (the EHR writes it its own way).
  const phoneDigits = MARIA.phone.replace(/\D/g, '').slice(-10);
  expect(
    after.telecom?.some((point) => point.system === 'phone' && point.value.replace(/\D/g, '').endsWith(phoneDigits)),
  ).toBe(true);

  await section.getByLabel('Street and number').fill('742 W Belmont Ave');
  await section.getByLabel('City').fill('Chicago');
  await section.getByLabel('ZIP code').fill('60657');
  await section.getByRole('button', { name: 'Save address' }).click();
  await expect(section.getByRole('status')).toHaveText('Address saved in your record at the clinic.');
  await expect(section).toContainText('742 W Belmont Ave');
  const moved = await fhir.get<{ address?: { line?: string[]; postalCode?: string }[] }>(`Patient/${patientId}`);
  expect(moved.address?.[0]).toMatchObject({ line: ['742 W Belmont Ave'], postalCode: '60657' });
  await expectAccessible('profile with contact details');
}
