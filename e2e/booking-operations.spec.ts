import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { runDbTask } from './support/db-task-client';
import { logInAs, MARIA } from './support/patient';

/** The clinic whose EHR books only by the IHE ITI Scheduling operations (scripts/e2e.ts). */
const CLINIC = 'lakeside-ops';

let token: string | null = null;

/** A read of the clinic's sandbox with its own client (the token asked for once: the task runs a process). */
async function fhirGet(request: APIRequestContext, path: string): Promise<Record<string, unknown>> {
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
  return (await (
    await request.get(`/fhir/${CLINIC}/${path}`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as Record<string, unknown>;
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

test('IHE operations clinic: the review holds the time, going back frees it, confirm books, then cancel', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await fhirGet(request, 'metadata');
  // Maria: the seed gives the guardian no visits of her own (James has dozens, over the limit per visit type).
  await logInAs(page, MARIA, CLINIC);
  const list = `/${CLINIC}/book?for=0&service=primary-care&from=${inDays(3)}`;
  await page.goto(list);
  const href = (await page.locator('.slot').first().getAttribute('href')) ?? '';
  const slotId = new URL(href, 'http://x').searchParams.get('slot') ?? '';
  expect(slotId).not.toBe('');

  // Reviewing it holds it: a countdown, and the EHR's slot is tentatively busy.
  await page.goto(href);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  await expect(page.getByText('Nobody else can book this time while you review it.')).toBeVisible();
  await expect
    .poll(async () => (await fhirGet(request, `Slot/${slotId}`)).status, { timeout: 15_000 })
    .toBe('busy-tentative');
  await expectAccessible(page, 'review with a hold');

  // Going back releases it: the time is free again for everyone.
  await page.goBack();
  await expect(page.locator('.slot').first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => (await fhirGet(request, `Slot/${slotId}`)).status, { timeout: 15_000 }).toBe('free');

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
  expect((await fhirGet(request, `Slot/${slotId}`)).status).toBe('busy');

  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByRole('status')).toContainText('This appointment is cancelled.');
  expect((await fhirGet(request, `Appointment/${appointmentId}`)).status).toBe('cancelled');
  expect((await fhirGet(request, `Slot/${slotId}`)).status).toBe('free');
});

test('IHE operations clinic: a guardian books for her daughter, moves it to another day, then cancels', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await logInAs(page, MARIA, CLINIC);
  await page.getByRole('link', { name: 'Book a visit' }).click();
  await page.getByLabel('Who is the visit for?').selectOption({ label: 'Sofia Lopez' });
  await page.getByLabel('Visit type').selectOption({ label: 'Pediatric visit' });
  // Far enough ahead to be changed online (the clinic's cutoff is 24 hours).
  await page.getByLabel('From').fill(inDays(3));
  await page.getByRole('button', { name: 'Show times' }).click();
  await expect(page).toHaveURL(/service=pediatrics/);
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await expect(page.getByText('Sofia Lopez')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  const firstSlotId = slotIdOf(page.url());
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
  const booked = await fhirGet(request, `Appointment/${appointmentId}`);
  expect(booked.status).toBe('booked');
  expect((booked.slot as { reference: string }[])[0]?.reference).toBe(`Slot/${firstSlotId}`);
  const sofia = (booked.participant as { actor?: { reference?: string; display?: string } }[]).find((participant) =>
    participant.actor?.reference?.startsWith('Patient/'),
  );
  const sofiaPatient = await fhirGet(request, sofia?.actor?.reference ?? 'Patient/none');
  expect((sofiaPatient.name as { given?: string[] }[])[0]?.given?.[0]).toBe('Sofia');
  const firstStart = String(booked.start);

  // The move: the current time is shown, the new one is held while reviewed, then booked by $book.
  await page.getByRole('link', { name: 'Choose another time' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new time');
  await page.getByText('Change search').click();
  await page.getByLabel('From').fill(dayAfter(firstStart));
  await page.getByRole('button', { name: 'Show times' }).click();
  await expect(page).toHaveURL(/reschedule=/);
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await expect(page.getByText('Booked now for')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  const newSlotId = slotIdOf(page.url());
  await expectAccessible(page, 'operations clinic: moving a visit');
  await page.getByRole('button', { name: 'Move my appointment here' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is moved', { timeout: 30_000 });
  const moved = await fhirGet(request, `Appointment/${appointmentId}`);
  expect(moved.status).toBe('booked');
  expect(String(moved.start).slice(0, 10)).not.toBe(firstStart.slice(0, 10));
  expect((moved.slot as { reference: string }[])[0]?.reference).toBe(`Slot/${newSlotId}`);
  expect((await fhirGet(request, `Slot/${firstSlotId}`)).status).toBe('free');
  expect((await fhirGet(request, `Slot/${newSlotId}`)).status).toBe('busy');

  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByRole('status')).toContainText('This appointment is cancelled.');
  expect((await fhirGet(request, `Appointment/${appointmentId}`)).status).toBe('cancelled');
  expect((await fhirGet(request, `Slot/${newSlotId}`)).status).toBe('free');
});

test('IHE operations clinic: a time held by one person is taken for the next, who books another time', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const first = await browser.newContext();
  const second = await browser.newContext();
  const [pageA, pageB] = [await first.newPage(), await second.newPage()];
  await logInAs(pageA, MARIA, CLINIC);
  await logInAs(pageB, MARIA, CLINIC);
  await pageA.goto(`/${CLINIC}/book?for=0&service=primary-care&from=${inDays(5)}`);
  const href = (await pageA.locator('.slot').nth(2).getAttribute('href')) ?? '';
  const slotId = slotIdOf(href);
  // The first reviewer holds the time...
  await pageA.goto(href);
  await expect(pageA.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  // ...so the second, reviewing it for another person, hears at once that it was just taken, with
  // the nearest free times, and books one of those.
  await pageB.goto(href.replace(/([?&]for=)0/, '$11'));
  await expect(pageB.locator('.form-error')).toContainText('Sorry, someone just took that time.');
  const alternative = pageB.locator('.form-error .slot').first();
  await expect(alternative).toBeVisible();
  await expectAccessible(pageB, 'operations clinic: the time was just taken');
  await alternative.click();
  await expect(pageB.getByRole('timer')).toHaveText(/Held for you for [45]:\d\d/);
  await expect(pageB.locator('.form-error')).toHaveCount(0);
  const otherSlotId = slotIdOf(pageB.url());
  expect(otherSlotId).not.toBe(slotId);
  await pageB.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(pageB.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
  // The first reviewer's hold still stands: confirming books the time held for her.
  await pageA.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(pageA.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
  expect((await fhirGet(request, `Slot/${slotId}`)).status).toBe('busy');
  expect((await fhirGet(request, `Slot/${otherSlotId}`)).status).toBe('busy');
  // One live appointment on each of the two times.
  for (const id of [slotId, otherSlotId]) {
    const found = await fhirGet(request, `Appointment?slot=Slot/${id}&status=booked`);
    expect((found.entry as unknown[] | undefined)?.length).toBe(1);
  }
  await first.close();
  await second.close();
});

test('IHE operations clinic: a hold that runs out in the browser frees the time; confirming still books it', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  const { previous } = runDbTask<{ previous: number }>('holdSeconds', { tenant: CLINIC, seconds: 30 });
  try {
    await logInAs(page, MARIA, CLINIC);
    await page.goto(`/${CLINIC}/book?for=0&service=primary-care&from=${inDays(6)}`);
    const href = (await page.locator('.slot').first().getAttribute('href')) ?? '';
    const slotId = slotIdOf(href);
    await page.goto(href);
    await expect(page.getByRole('timer')).toHaveText(/Held for you for 0:[0-3]\d/);
    await expect.poll(async () => (await fhirGet(request, `Slot/${slotId}`)).status).toBe('busy-tentative');
    // The countdown reaches zero: the page says so, and the EHR lets the time go.
    await expect(page.getByRole('status').filter({ hasText: 'The hold has ended.' })).toBeVisible({
      timeout: 45_000,
    });
    await expect(page.getByRole('timer')).toHaveCount(0);
    await expect.poll(async () => (await fhirGet(request, `Slot/${slotId}`)).status, { timeout: 15_000 }).toBe('free');
    await expectAccessible(page, 'operations clinic: the hold has ended');
    // Nobody took it meanwhile: confirming books it without a hold.
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 30_000 });
    expect((await fhirGet(request, `Slot/${slotId}`)).status).toBe('busy');
    await page.getByRole('button', { name: 'Cancel appointment' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect(page.getByRole('status')).toContainText('This appointment is cancelled.');
  } finally {
    runDbTask('holdSeconds', { tenant: CLINIC, seconds: previous });
  }
});
