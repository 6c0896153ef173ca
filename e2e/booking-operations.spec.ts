/**
 * The booking journeys at a clinic whose EHR books only by the IHE ITI Scheduling operations ($find,
 * $hold, $book; no Slot writes): the review holds the time, and booking, moving, the race for a time,
 * booking for a dependent and a hold running out all work as at a slot-transaction clinic. One signed-in
 * guardian (Maria Lopez) for the whole file on a phone, as a real phone stays signed in (serial).
 */
import { devices, expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { runDbTask } from './support/db-task-client';
import { logInAs, MARIA } from './support/patient';

/** The clinic whose EHR books only by the IHE ITI Scheduling operations (scripts/e2e.ts). */
const CLINIC = 'lakeside-ops';
const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';
/** Another patient of the clinic (James Carter), who takes a time as a second client of the EHR. */
const OTHER_PATIENT_MRN = '10000041';
const SOFIA_MRN = '10000025';
/** A hold this short runs out within a test (the clinic's `providerSettings.holdSeconds`, at least 30). */
const SHORT_HOLD_SECONDS = 30;

test.describe.configure({ mode: 'serial' });
let context: BrowserContext;
let page: Page;
let token: string | null = null;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ ...devices['Pixel 7'], baseURL: test.info().project.use.baseURL });
  page = await context.newPage();
  // Maria: the seed gives the guardian no visits of her own (James has dozens, over the limit per visit type).
  await logInAs(page, MARIA, CLINIC);
});

test.afterAll(async () => {
  await context.close();
});

/** The clinic's sandbox as another client would reach it (the token asked for once: the task runs a process). */
async function authorization(request: APIRequestContext): Promise<Record<string, string>> {
  if (!token) {
    const { clientId, clientSecret } = runDbTask<{ clientId: string; clientSecret: string }>('demoFhirCredentials', {
      tenant: CLINIC,
    });
    token = (
      (await (
        await request.post(`/fhir/${CLINIC}/auth/token`, {
          form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
        })
      ).json()) as { access_token: string }
    ).access_token;
  }
  return { authorization: `Bearer ${token}` };
}

async function fhirGet(request: APIRequestContext, path: string): Promise<Record<string, unknown>> {
  return (await (
    await request.get(`/fhir/${CLINIC}/${path}`, { headers: await authorization(request) })
  ).json()) as Record<string, unknown>;
}

/** An IHE scheduling operation (`$hold`, `$book`) on the clinic's sandbox; its HTTP status. */
async function fhirOperation(
  request: APIRequestContext,
  operation: '$hold' | '$book',
  parameter: Record<string, unknown>[],
): Promise<number> {
  const response = await request.post(`/fhir/${CLINIC}/Appointment/${operation}`, {
    headers: { ...(await authorization(request)), 'content-type': 'application/fhir+json' },
    data: { resourceType: 'Parameters', parameter },
  });
  return response.status();
}

async function patientId(request: APIRequestContext, mrn: string): Promise<string> {
  const bundle = (await fhirGet(request, `Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`)) as {
    entry?: { resource: { id: string } }[];
  };
  const id = bundle.entry?.[0]?.resource.id;
  if (!id) throw new Error(`no patient ${mrn}`);
  return id;
}

const slotStatus = async (request: APIRequestContext, slotId: string): Promise<unknown> =>
  (await fhirGet(request, `Slot/${slotId}`)).status;

/** The ids of the free times the app itself offers for a search (its own slot list). */
async function offeredSlotIds(service: string, from: string): Promise<string[]> {
  const response = await page.request.get(`/api/${CLINIC}/slots?service=${service}&from=${from}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: { id: string }[] }).items.map((slot) => slot.id);
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar day after the one an instant is written on (YYYY-MM-DD). */
function dayAfter(instant: string): string {
  return new Date(Date.parse(`${instant.slice(0, 10)}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function slotIdOf(href: string): string {
  return new URL(href, 'http://x').searchParams.get('slot') ?? '';
}

/** The definition next to a term on an appointment or review page. */
function detail(term: string): ReturnType<Page['locator']> {
  return page.locator('.details dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
}

/** Opens the review of the first free time of a search; returns its slot id once the hold is shown. */
async function reviewFirstTime(list: string): Promise<{ href: string; slotId: string }> {
  await page.goto(list);
  const href = (await page.locator('.slot').first().getAttribute('href')) ?? '';
  const slotId = slotIdOf(href);
  expect(slotId).not.toBe('');
  await page.goto(href);
  await expect(page.getByRole('timer')).toBeVisible({ timeout: 15_000 });
  return { href, slotId };
}

async function cancelShownAppointment(): Promise<void> {
  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByRole('status').first()).toContainText('This appointment is cancelled.');
}

/** Runs `journey` with the clinic's holds this short, then puts the clinic's hold length back. */
async function withShortHolds(journey: () => Promise<void>): Promise<void> {
  const { previous } = runDbTask<{ previous: number }>('clinicHoldSeconds', {
    tenant: CLINIC,
    seconds: SHORT_HOLD_SECONDS,
  });
  try {
    await journey();
  } finally {
    runDbTask('clinicHoldSeconds', { tenant: CLINIC, seconds: previous });
  }
}

test('IHE operations clinic: the review holds the time, going back frees it, confirm books, then cancel', async ({
  request,
}) => {
  test.setTimeout(120_000);
  await fhirGet(request, 'metadata');
  const list = `/${CLINIC}/book?for=0&service=primary-care&from=${inDays(3)}`;
  await page.goto(list);
  const href = (await page.locator('.slot').first().getAttribute('href')) ?? '';
  const slotId = slotIdOf(href);
  expect(slotId).not.toBe('');

  // Reviewing it holds it: a countdown, and the EHR's slot is tentatively busy.
  await page.goto(href);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  await expect(page.getByText('Nobody else can book this time while you review it.')).toBeVisible();
  await expect.poll(() => slotStatus(request, slotId), { timeout: 15_000 }).toBe('busy-tentative');
  await expectAccessible(page, 'review with a hold');

  // Going back releases it: the time is free again for everyone.
  await page.goBack();
  await expect(page.locator('.slot').first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => slotStatus(request, slotId), { timeout: 15_000 }).toBe('free');

  // Reviewing again holds it anew; confirming books the held time.
  await page.goto(href);
  await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  await page.getByLabel('Reason for the visit (optional)').fill('Check-up');
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
  const booked = await fhirGet(request, `Appointment/${appointmentId}`);
  expect(booked).toMatchObject({ status: 'booked', reasonCode: [{ text: 'Check-up' }] });
  expect((booked.slot as { reference: string }[])[0]?.reference).toBe(`Slot/${slotId}`);
  expect(await slotStatus(request, slotId)).toBe('busy');

  await cancelShownAppointment();
  expect((await fhirGet(request, `Appointment/${appointmentId}`)).status).toBe('cancelled');
  expect(await slotStatus(request, slotId)).toBe('free');
});

test('IHE operations clinic: moving a visit shows its time now, then the new time; the old time is free again', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const from = inDays(3);
  const { slotId: oldSlotId } = await reviewFirstTime(`/${CLINIC}/book?for=0&service=primary-care&from=${from}`);
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
  const bookedStart = String((await fhirGet(request, `Appointment/${appointmentId}`)).start);
  const now = (await detail('When').textContent()) ?? '';
  expect(now).toMatch(/\S/);
  expect(await offeredSlotIds('primary-care', from)).not.toContain(oldSlotId);

  await page.getByRole('link', { name: 'Choose another time' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new time');
  await expect(page.getByText(/^You are moving: /)).toContainText(`, ${now}.`);
  // From the day after the booked one, so the move is to another day whatever weekday today is.
  await page.getByText('Change search').click();
  await page.getByLabel('From').fill(dayAfter(bookedStart));
  await page.getByRole('button', { name: 'Show times' }).click();
  await expect(page).toHaveURL(/reschedule=/);
  const newHref = (await page.locator('.slot-day').first().locator('.slot').first().getAttribute('href')) ?? '';
  const newSlotId = slotIdOf(newHref);
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Move your visit');
  await expect(detail('Booked now for')).toHaveText(now);
  // The new time is held while the patient decides, as for a new booking.
  await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  await expect.poll(() => slotStatus(request, newSlotId), { timeout: 15_000 }).toBe('busy-tentative');
  const newTime = (await detail('When').textContent()) ?? '';
  expect(newTime).not.toBe(now);
  await expectAccessible(page, 'moving a visit with a hold');
  await page.getByRole('button', { name: 'Move my appointment here' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is moved', { timeout: 30_000 });
  await expect(page).toHaveURL(new RegExp(`/${CLINIC}/appointments/${appointmentId}\\?moved=1$`));
  await expect(detail('When')).toHaveText(newTime);

  // The EHR: the same appointment on the new slot; the old time is offered to everyone again.
  const moved = await fhirGet(request, `Appointment/${appointmentId}`);
  expect(moved.status).toBe('booked');
  expect((moved.slot as { reference: string }[])[0]?.reference).toBe(`Slot/${newSlotId}`);
  expect(await slotStatus(request, newSlotId)).toBe('busy');
  expect(await slotStatus(request, oldSlotId)).toBe('free');
  expect(await offeredSlotIds('primary-care', from)).toContain(oldSlotId);

  await cancelShownAppointment();
  expect(await slotStatus(request, newSlotId)).toBe('free');
});

test('IHE operations clinic: the hold runs out, another patient books it, confirming offers the nearest times', async ({
  request,
}) => {
  test.setTimeout(150_000);
  const otherPatient = `Patient/${await patientId(request, OTHER_PATIENT_MRN)}`;
  await withShortHolds(async () => {
    const { slotId } = await reviewFirstTime(`/${CLINIC}/book?for=0&service=primary-care&from=${inDays(4)}`);
    await expect(page.getByRole('timer')).toHaveText(/Held for you for 0:[0-3]\d/);
    const proposed = { name: 'appointment-reference', valueReference: { reference: `Appointment/proposed-${slotId}` } };
    const forOther = { name: 'patient-reference', valueReference: { reference: otherPatient } };
    // While Maria holds it, nobody else can hold or book it.
    expect(await fhirOperation(request, '$hold', [proposed, forOther])).toBe(409);

    // She lingers past the hold: the EHR lets it go, and another patient books it at once.
    await expect(page.getByRole('status').filter({ hasText: 'Your hold ran out' })).toBeVisible({
      timeout: (SHORT_HOLD_SECONDS + 15) * 1000,
    });
    expect(await fhirOperation(request, '$book', [proposed, forOther])).toBe(200);
    expect(await slotStatus(request, slotId)).toBe('busy');

    // Confirming now: the clear message, with the nearest free times instead.
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    const alert = page.locator('.form-error');
    await expect(alert).toContainText('Sorry, someone just took that time.', { timeout: 30_000 });
    const alternative = alert.locator('.slot').first();
    const alternativeHref = (await alternative.getAttribute('href')) ?? '';
    const alternativeSlotId = slotIdOf(alternativeHref);
    expect(alternativeSlotId).not.toBe(slotId);
    await expectAccessible(page, 'time taken after the hold ran out');

    // One of them is held for her in turn and books.
    await alternative.click();
    await expect(page).toHaveURL(alternativeHref);
    await expect(page.locator('.form-error')).toHaveCount(0);
    await expect(page.getByRole('timer')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
    const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
    const booked = await fhirGet(request, `Appointment/${appointmentId}`);
    expect(booked.status).toBe('booked');
    expect((booked.slot as { reference: string }[])[0]?.reference).toBe(`Slot/${alternativeSlotId}`);
    await cancelShownAppointment();
  });
});

test('IHE operations clinic: a hold running out releases the time; it can be held again or another chosen', async ({
  request,
}) => {
  test.setTimeout(180_000);
  await withShortHolds(async () => {
    const from = inDays(5);
    const { slotId } = await reviewFirstTime(`/${CLINIC}/book?for=0&service=primary-care&from=${from}`);
    await expect(page.getByRole('timer')).toHaveText(/Held for you for 0:[0-3]\d/);
    await expect.poll(() => slotStatus(request, slotId), { timeout: 15_000 }).toBe('busy-tentative');
    expect(await offeredSlotIds('primary-care', from)).not.toContain(slotId);

    // The countdown runs out on the page (in real time: the EHR's clock decides when the hold ends).
    const ended = page.getByRole('status').filter({ hasText: 'Your hold ran out' });
    await expect(ended).toBeVisible({ timeout: (SHORT_HOLD_SECONDS + 15) * 1000 });
    await expect(ended).toHaveText(
      'Your hold ran out, so the time was released for others. It may still be free: hold it again or confirm to try.',
    );
    await expect(page.getByRole('timer')).toHaveCount(0);
    await expectAccessible(page, 'review after the hold ran out');
    // Released in the EHR: free for anyone, and offered again by the app.
    expect(await slotStatus(request, slotId)).toBe('free');
    expect(await offeredSlotIds('primary-care', from)).toContain(slotId);

    // Holding it again: a new countdown, and the EHR's slot is held once more.
    await page.getByRole('button', { name: 'Hold this time again' }).click();
    await expect(page.getByRole('timer')).toHaveText(/Held for you for 0:[0-3]\d/, { timeout: 15_000 });
    await expect(ended).toHaveCount(0);
    await expect.poll(() => slotStatus(request, slotId), { timeout: 15_000 }).toBe('busy-tentative');

    // It runs out again; this time she looks at other times, from the same day, where it is offered again.
    await expect(ended).toBeVisible({ timeout: (SHORT_HOLD_SECONDS + 15) * 1000 });
    await page.getByRole('link', { name: 'See other times' }).click();
    await expect(page).toHaveURL(new RegExp(`/${CLINIC}/book\\?for=0&service=primary-care&from=\\d{4}-\\d\\d-\\d\\d$`));
    await expect(page.locator(`a.slot[href*="slot=${slotId}"]`)).toBeVisible({ timeout: 20_000 });
    expect(await slotStatus(request, slotId)).toBe('free');
  });
});

test('IHE operations clinic: a guardian books for her daughter; the visit shows for the daughter', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const sofia = await patientId(request, SOFIA_MRN);
  await page.goto(`/${CLINIC}/book`);
  await page.getByLabel('Who is the visit for?').selectOption({ label: 'Sofia Lopez' });
  await page.getByLabel('Visit type').selectOption({ label: 'Pediatric visit' });
  await page.getByLabel('From').fill(inDays(3));
  await page.getByRole('button', { name: 'Show times' }).click();
  await expect(page).toHaveURL(/service=pediatrics/);
  const first = page.locator('.slot-day').first().locator('.slot').first();
  const slotId = slotIdOf((await first.getAttribute('href')) ?? '');
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await expect(detail('For')).toHaveText('Sofia Lopez');
  await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/, { timeout: 15_000 });
  // The hold is Sofia's: the EHR's pending appointment on the slot names her, not her mother.
  await expect.poll(() => slotStatus(request, slotId), { timeout: 15_000 }).toBe('busy-tentative');
  const holds = (await fhirGet(request, `Appointment?slot=Slot/${slotId}&status=pending`)) as {
    entry?: { resource: { participant: { actor?: { reference?: string } }[] } }[];
  };
  expect(
    holds.entry?.map((entry) =>
      entry.resource.participant
        .map((participant) => participant.actor?.reference ?? '')
        .filter((reference) => reference.startsWith('Patient/')),
    ),
  ).toEqual([[`Patient/${sofia}`]]);
  await page.getByLabel('Reason for the visit (optional)').fill('Sore throat');
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
  const booked = (await fhirGet(request, `Appointment/${appointmentId}`)) as {
    status: string;
    slot: { reference: string }[];
    participant: { actor?: { reference?: string } }[];
  };
  expect(booked.status).toBe('booked');
  expect(booked.slot[0]?.reference).toBe(`Slot/${slotId}`);
  const patients = booked.participant
    .map((participant) => participant.actor?.reference ?? '')
    .filter((reference) => reference.startsWith('Patient/'));
  expect(patients).toEqual([`Patient/${sofia}`]);

  // On the guardian's home page, under Sofia: the visit is hers.
  await page.goto(`/${CLINIC}/me`);
  await page.getByLabel('Show appointments for').selectOption({ label: 'Sofia Lopez' });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('You are acting for Sofia Lopez.');
  const upcoming = page.getByRole('region', { name: 'Upcoming appointments' });
  const item = upcoming
    .locator('li.appointment')
    .filter({ has: page.locator(`a[href="/${CLINIC}/appointments/${appointmentId}"]`) });
  await expect(item).toContainText('Pediatric visit');
  await expect(item).toContainText('Status: Booked');

  await item.locator(`a[href="/${CLINIC}/appointments/${appointmentId}"]`).click();
  await cancelShownAppointment();
  expect(await slotStatus(request, slotId)).toBe('free');
});

test('IHE operations clinic: a time held by one reviewer is refused to the next at once, who books another', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const second = await browser.newContext({ ...devices['Pixel 7'], baseURL: test.info().project.use.baseURL });
  const pageB = await second.newPage();
  try {
    await logInAs(pageB, MARIA, CLINIC);
    // The first reviewer holds the time (for Maria)...
    await page.goto(`/${CLINIC}/book?for=0&service=primary-care&from=${inDays(5)}`);
    const href = (await page.locator('.slot').nth(2).getAttribute('href')) ?? '';
    const slotId = slotIdOf(href);
    await page.goto(href);
    await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
    // ...so the second, reviewing it for someone else, hears at once that it was just taken, with the
    // nearest free times, and holds and books one of those.
    await pageB.goto(href.replace(/([?&]for=)0/, '$11'));
    await expect(pageB.locator('.form-error')).toContainText('Sorry, someone just took that time.');
    const alternative = pageB.locator('.form-error .slot').first();
    await expect(alternative).toBeVisible();
    await expectAccessible(pageB, 'operations clinic: the time is held by someone else');
    await alternative.click();
    await expect(pageB.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
    await expect(pageB.locator('.form-error')).toHaveCount(0);
    const otherSlotId = slotIdOf(pageB.url());
    expect(otherSlotId).not.toBe(slotId);
    await pageB.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(pageB.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
    // The first reviewer's hold stood throughout: confirming books the time held for her.
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
    for (const id of [slotId, otherSlotId]) {
      expect(await slotStatus(request, id)).toBe('busy');
      const found = await fhirGet(request, `Appointment?slot=Slot/${id}&status=booked`);
      expect((found.entry as unknown[] | undefined)?.length).toBe(1);
    }
    await cancelShownAppointment();
    await pageB.getByRole('button', { name: 'Cancel appointment' }).click();
    await pageB.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect(pageB.getByRole('status').first()).toContainText('This appointment is cancelled.');
  } finally {
    await second.close();
  }
});
