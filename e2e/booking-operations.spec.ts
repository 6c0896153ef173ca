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
