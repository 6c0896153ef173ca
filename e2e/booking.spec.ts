import { expect, test, type APIRequestContext } from '@playwright/test';
import { runDbTask } from './support/db-task-client';
import { MARIA, signedInAs } from './support/patient';

async function fhirGet(request: APIRequestContext, path: string): Promise<Record<string, unknown>> {
  const { clientId, clientSecret } = runDbTask<{ clientId: string; clientSecret: string }>('demoFhirCredentials', {});
  const token = (
    (await (
      await request.post('/fhir/demo/auth/token', {
        form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      })
    ).json()) as { access_token: string }
  ).access_token;
  return (await (
    await request.get(`/fhir/demo/${path}`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as Record<string, unknown>;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar day after the one an instant is written on (YYYY-MM-DD). */
function dayAfter(instant: string): string {
  return new Date(Date.parse(`${instant.slice(0, 10)}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

test('a guardian books for her daughter, moves it to another day, then cancels; the EHR and the outbox follow', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const started = new Date(Date.now() - 1000).toISOString();
  await signedInAs(page, MARIA);
  await page.getByRole('link', { name: 'Book a visit' }).click();
  await page.getByLabel('Who is the visit for?').selectOption({ label: 'Sofia Lopez' });
  await page.getByLabel('Visit type').selectOption({ label: 'Pediatric visit' });
  // Far enough ahead to be changed online (the clinic's cutoff is 24 hours).
  await page.getByLabel('From').fill(inDays(3));
  await page.getByRole('button', { name: 'Show times' }).click();
  await expect(page).toHaveURL(/service=pediatrics/);
  const firstDay = page.locator('.slot-day').first();
  await firstDay.locator('.slot').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await expect(page.getByText('Sofia Lopez')).toBeVisible();
  await page.getByLabel('Reason for the visit (optional)').fill('Sore throat');
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  // A write to the EHR and its notice: allow for a busy machine.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 15_000 });
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
  const booked = await fhirGet(request, `Appointment/${appointmentId}`);
  expect(booked).toMatchObject({ status: 'booked', reasonCode: [{ text: 'Sore throat' }] });
  const firstSlotId = String((booked.slot as { reference: string }[])[0]?.reference).split('/')[1] ?? '';
  expect((await fhirGet(request, `Slot/${firstSlotId}`)).status).toBe('busy');
  const firstStart = String(booked.start);

  await page.getByRole('link', { name: 'Choose another time' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new time');
  // Search from the day after the booked one, so the move is to another day whatever weekday today is.
  await page.getByText('Change search').click();
  await page.getByLabel('From').fill(dayAfter(firstStart));
  await page.getByRole('button', { name: 'Show times' }).click();
  await expect(page).toHaveURL(/reschedule=/);
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await page.getByRole('button', { name: 'Move my appointment here' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is moved');
  const moved = await fhirGet(request, `Appointment/${appointmentId}`);
  expect(String(moved.start).slice(0, 10)).not.toBe(firstStart.slice(0, 10));
  expect((await fhirGet(request, `Slot/${firstSlotId}`)).status).toBe('free');

  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByLabel('Reason for cancelling (optional)').fill('She is better');
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByRole('status')).toContainText('This appointment is cancelled.');
  await expect(page.getByRole('status').getByRole('link', { name: 'Book again' })).toBeVisible();
  const cancelled = await fhirGet(request, `Appointment/${appointmentId}`);
  expect(cancelled).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'She is better' } });

  const outbox = (await (
    await request.get(`/api/dev/outbox?to=${encodeURIComponent(MARIA.phone)}&limit=50`)
  ).json()) as { messages: { template: string; createdAt: string; text: string }[] };
  // This clinic's messages only: Maria also books and cancels at the operations clinic (its links are its own).
  const templates = outbox.messages
    .filter(
      (message) =>
        message.createdAt >= started &&
        message.text.includes('/demo/') &&
        !message.template.startsWith('reminder') &&
        message.template !== 'login-code',
    )
    .map((message) => message.template);
  expect(templates.sort()).toEqual(['booking-confirmation', 'cancellation-by-patient', 'reschedule-confirmation']);
});

test('two people confirming the same time at once: one books, the other hears it was just taken', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const first = await browser.newContext();
  const second = await browser.newContext();
  const [pageA, pageB] = [await first.newPage(), await second.newPage()];
  await signedInAs(pageA, MARIA);
  await signedInAs(pageB, MARIA);
  await pageA.goto(`/demo/book?for=0&service=primary-care&from=${inDays(4)}`);
  const slotLink = pageA.locator('.slot').nth(3);
  const href = (await slotLink.getAttribute('href')) ?? '';
  await pageA.goto(href);
  // For two different people (the same person confirming twice hears "you already booked this").
  await pageB.goto(href.replace(/([?&]for=)0/, '$11'));
  await Promise.all([
    pageA.getByRole('button', { name: 'Confirm booking' }).click(),
    pageB.getByRole('button', { name: 'Confirm booking' }).click(),
  ]);
  const outcomes = await Promise.all(
    [pageA, pageB].map(async (page) => {
      await expect(
        page.getByRole('heading', { name: 'Your visit is booked' }).or(page.locator('.form-error')),
      ).toBeVisible();
      return (await page.locator('.form-error').count()) > 0 ? 'taken' : 'booked';
    }),
  );
  expect([...outcomes].sort()).toEqual(['booked', 'taken']);
  const loser = outcomes[0] === 'taken' ? pageA : pageB;
  await expect(loser.locator('.form-error')).toContainText('Sorry, someone just took that time.');
  await expect(loser.locator('.form-error .slot').first()).toBeVisible();
  await first.close();
  await second.close();
});
