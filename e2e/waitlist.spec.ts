import { expect, test } from '@playwright/test';
import twilio from 'twilio';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';
import { DEMO_LOCATIONS, DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { expectAccessible } from './support/axe';
import { runDbTask } from './support/db-task-client';
import { DemoFhir } from './support/fhir';
import { signInAsStaff } from './support/passkey';
import { JAMES, MARIA, signedInAs } from './support/patient';

const [frontDesk] = DEMO_STAFF;
const [LOOP] = DEMO_LOCATIONS;
const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';
/** The demo clinic's own SMS number while this file runs (the inbound webhook tells clinics apart by it). */
const CLINIC_NUMBER = '+13125550100';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.describe.configure({ mode: 'serial' });

let previous: Record<string, unknown> = {};
test.beforeAll(() => {
  previous = runDbTask<Record<string, unknown>>('demoWaitlist', { on: true });
});
test.afterAll(() => {
  runDbTask('demoWaitlist', { on: false, previous });
});

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

interface FhirSlot {
  resourceType: 'Slot';
  id: string;
  status: string;
  start: string;
  end: string;
  schedule: { reference: string };
}

test('a guardian waits for an earlier time for her child; a freed slot is offered; one tap moves it', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const fhir = new DemoFhir(request);
  const patientId = (mrn: string): Promise<string> =>
    fhir.firstId('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`);
  const [sofiaId, jamesId] = await Promise.all([patientId(DEMO_PATIENTS.dependents[0].mrn), patientId(JAMES.mrn)]);
  await signedInAs(page, MARIA);
  const slotsFrom = async (day: string): Promise<{ id: string; version: string; start: string }[]> =>
    (
      (await (await page.request.get(`/api/demo/slots?service=primary-care&from=${day}`)).json()) as {
        items: { id: string; version: string; start: string }[];
      }
    ).items;

  // Sofia's visit in about ten days, booked by her mother.
  const [later] = await slotsFrom(inDays(10));
  const booked = await page.request.post('/api/demo/appointments', {
    headers: { 'idempotency-key': crypto.randomUUID() },
    data: { forPatient: sofiaId, slotId: later?.id, slotVersion: later?.version },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const visit = ((await booked.json()) as { appointment: { id: string; start: string } }).appointment;

  // Another patient's visit in two days, booked at the clinic's front desk (in the EHR).
  const [early] = await slotsFrom(inDays(2));
  const slot = await fhir.get<FhirSlot>(`Slot/${early?.id ?? ''}`);
  const schedule = await fhir.get<{ actor: { reference: string }[] }>(slot.schedule.reference);
  const actor = (type: string): string =>
    schedule.actor.find((ref) => ref.reference.startsWith(`${type}/`))?.reference.slice(type.length + 1) ?? '';
  const busy: FhirSlot = { ...slot, status: 'busy' };
  await fhir.put(busy);
  const theirs = await fhir.createAppointment({
    patientId: jamesId,
    practitionerId: actor('Practitioner'),
    locationId: actor('Location'),
    start: new Date(slot.start),
    minutes: (Date.parse(slot.end) - Date.parse(slot.start)) / 60_000,
    serviceCode: 'primary-care',
  });

  // On Sofia's visit: ask for an earlier time, with any clinician.
  await page.goto(`/demo/appointments/${visit.id}`);
  await page.getByRole('button', { name: 'Ask for an earlier time' }).click();
  await expect(page.getByRole('heading', { name: 'Ask for an earlier time' })).toBeVisible();
  const any = page.getByLabel('Any clinician');
  if (await any.count()) await any.check();
  await expectAccessible(page, 'ask for an earlier time');
  await page.getByRole('button', { name: 'Ask for an earlier time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You are on the waitlist' })).toBeVisible();
  await page.goto('/demo/me/waitlist');
  await expect(page.getByRole('button', { name: /^Leave the waitlist for .*Sofia/ })).toBeVisible();
  await expectAccessible(page, 'waitlist page');

  // The clinic cancels the other visit in the EHR; change detection sees the freed slot.
  const appointment = await fhir.get<{ resourceType: string; id: string; status: string }>(`Appointment/${theirs}`);
  const cancelled = { ...appointment, status: 'cancelled' };
  await fhir.put(cancelled);
  const freed: FhirSlot = { ...(await fhir.get<FhirSlot>(`Slot/${slot.id}`)), status: 'free' };
  await fhir.put(freed);

  // Maria's offer arrives in the development outbox; its link opens the offer page.
  let link = '';
  await expect
    .poll(
      async () => {
        const { messages } = (await (await request.get('/api/dev/outbox')).json()) as {
          messages: { template: string; text: string }[];
        };
        const offer = messages.find(
          (message) => message.template === 'waitlist-offer' && message.text.includes('Sofia'),
        );
        link = /https?:\/\/\S+\/offer#[\w-]+/.exec(offer?.text ?? '')?.[0] ?? '';
        return link;
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toMatch(/\/demo\/offer#/);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('An earlier time');
  await expect(page.getByText('Your visit will be moved to this time.')).toBeVisible();
  await expectAccessible(page, 'offer');
  await page.getByRole('button', { name: 'Take this time' }).click();
  await expect(page.getByRole('status')).toContainText('Done. The visit is now on');
  const moved = await fhir.get<{ start: string; status: string }>(`Appointment/${visit.id}`);
  expect(moved.status).toBe('booked');
  expect(Date.parse(moved.start)).toBe(Date.parse(slot.start));
  // The link used again says so, and changes nothing.
  await page.reload();
  await expect(page.getByText('This offer was already used.')).toBeVisible();
});

test('a reminder reply "C" shows as confirmed on the front-desk board', async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  const fhir = new DemoFhir(request);
  const [patientId, locationId, practitionerId] = await Promise.all([
    fhir.firstId('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|${JAMES.mrn}`)}`),
    fhir.firstId('Location', `name=${encodeURIComponent(LOOP.name)}`),
    fhir.firstId('Practitioner', '_count=1'),
  ]);
  // A visit starting in a few minutes, and the reminder the clinic texted James about it.
  const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000);
  const appointmentId = await fhir.createAppointment({ patientId, practitionerId, locationId, start, minutes: 20 });
  runDbTask('remindDemoAppointment', { appointmentId, phone: JAMES.phone });

  const url = `${process.env.APP_BASE_URL ?? baseURL ?? ''}/api/webhooks/twilio/inbound`;
  const params = {
    From: JAMES.phone,
    To: CLINIC_NUMBER,
    Body: 'C',
    MessageSid: `SM${crypto.randomUUID().replace(/-/g, '')}`,
  };
  const signature = twilio.getExpectedTwilioSignature(process.env.TWILIO_AUTH_TOKEN ?? '', url, params);
  const reply = await request.post('/api/webhooks/twilio/inbound', {
    headers: { 'x-twilio-signature': signature },
    form: params,
  });
  expect(reply.status()).toBe(200);
  expect(await reply.text()).toContain('is confirmed');

  await signInAsStaff(page, frontDesk);
  await page.goto('/demo/staff/board');
  const row = page.locator(`tr[data-appointment-id="${appointmentId}"]`);
  await expect(row).toContainText('Confirmed by text');
  await expectAccessible(page, 'board after a reply');
});
