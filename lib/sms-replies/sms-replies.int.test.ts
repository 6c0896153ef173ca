import { createServer, type Server } from 'node:http';
import type PgBoss from 'pg-boss';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bookAppointment } from '@/lib/booking/book-appointment';
import type { BookingDeps, PatientActor } from '@/lib/booking/booking-deps';
import { getDeskBoard } from '@/lib/checkin/get-desk-board';
import { AppError } from '@/lib/errors';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { DevOutboxChannel } from '@/lib/notify/channels/dev-outbox';
import { TwilioSmsChannel } from '@/lib/notify/channels/twilio-sms';
import { Notifier } from '@/lib/notify/notifier';
import { startQueue } from '@/lib/notify/queue';
import { assertTwilioSignature, formParams } from '@/lib/notify/webhooks';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { Appointment, PatientSummary, Slot } from '@/lib/scheduling/types';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { freePort } from '@/lib/testing/test-postgres';
import { startTwilioStub, type TwilioStub } from '@/lib/testing/twilio-stub';
import { joinWaitlist } from '@/lib/waitlist/join-waitlist';
import { offerFreedSlot } from '@/lib/waitlist/offer-freed-slot';
import { answerInboundSms } from './answer-sms-reply';

const database = testDatabase();
const CLINIC_NUMBER = '+13125550160';
const OTHER_CLINIC_NUMBER = '+13125550161';
const MARIA = '+13125550101';
const JAMES = '+13125550102';
let now = new Date('2031-06-01T12:00:00Z');
let sandbox: TestFhirSandbox;
let twilioStub: TwilioStub;
let boss: PgBoss;
let webhookServer: Server;
let webhookUrl = '';
let tenant: Tenant;
let otherClinic: Tenant;
let deps: BookingDeps;
let maria: PatientSummary;
let sofia: PatientSummary;
let james: PatientSummary;
let mariaActor: PatientActor;
let jamesActor: PatientActor;
const used = new Set<string>();
const origin = { ip: '203.0.113.40', requestId: 'req-sms-reply-01' };

/** The inbound webhook on loopback, with the route's own steps: signature, then the reply use-case. */
async function startWebhook(authToken: string): Promise<void> {
  const port = await freePort();
  webhookUrl = `http://127.0.0.1:${port}/api/webhooks/twilio/inbound`;
  webhookServer = createServer((message, response) => {
    let body = '';
    message.on('data', (chunk: Buffer) => (body += chunk.toString()));
    message.on('end', () => {
      void (async () => {
        try {
          const request = new Request(webhookUrl, { method: 'POST', body });
          const params = await formParams(request);
          assertTwilioSignature(authToken, String(message.headers['x-twilio-signature'] ?? ''), webhookUrl, params);
          const twiml = await answerInboundSms(
            {
              database,
              clinic: (id) => Promise.resolve(id === tenant.id ? { tenant, deps } : null),
              now: () => now,
            },
            { params, defaultSender: undefined, origin },
          );
          response.writeHead(200, { 'content-type': 'text/xml' }).end(twiml);
        } catch (error) {
          response.writeHead(error instanceof AppError && error.code === 'forbidden' ? 403 : 500).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => webhookServer.listen(port, '127.0.0.1', resolve));
}

/** Posts a text as Twilio does (form body, X-Twilio-Signature); returns the status and the TwiML reply. */
async function text(from: string, body: string, to = CLINIC_NUMBER): Promise<{ status: number; reply: string }> {
  const params = { From: from, To: to, Body: body, MessageSid: `SM${crypto.randomUUID().replace(/-/g, '')}` };
  const signature = twilio.getExpectedTwilioSignature(twilioStub.authToken, webhookUrl, params);
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  const xml = await response.text();
  return { status: response.status, reply: /<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1] ?? '' };
}

async function freeSlot(after: string): Promise<Slot> {
  const page = await deps.provider.searchFreeSlots({
    serviceCode: 'primary-care',
    from: after,
    to: '2031-06-08T00:00:00.000Z',
    pageSize: 100,
  });
  const slot = page.items.find((candidate) => !used.has(candidate.id));
  if (!slot) throw new Error('no free slot');
  used.add(slot.id);
  return slot;
}

async function book(actor: PatientActor, forPatient: PatientSummary, after: string): Promise<Appointment> {
  const slot = await freeSlot(after);
  const { appointment } = await bookAppointment(deps, actor, {
    forPatientId: forPatient.id,
    slotId: slot.id,
    slotVersion: slot.version,
    idempotencyKey: `k-${crypto.randomUUID()}`,
  });
  return appointment;
}

async function replies(outcome?: string): Promise<{ outcome: string; detail: unknown }[]> {
  return database.auditEvent.findMany({
    where: { tenantId: tenant.id, action: 'sms.reply', ...(outcome ? { outcome } : {}) },
    orderBy: { occurredAt: 'asc' },
    select: { outcome: true, detail: true },
  });
}

async function until<T>(check: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  twilioStub = await startTwilioStub();
  await startWebhook(twilioStub.authToken);
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'smsreply',
    seed: { days: 7, practitioners: 4, patients: 8 },
    tenant: {
      contactPhone: '(312) 555-0142',
      providerSettings: {
        kind: 'fhir',
        mrnAssignment: 'app-check-digit',
        requestTimeoutMs: 8000,
        serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
      },
      bookingRules: {
        minimumNoticeMinutes: 60,
        horizonDays: 10,
        cancellationCutoffHours: 24,
        maxUpcomingPerService: 50,
        adultAge: 18,
        ageRestrictedServices: {},
        allowAdultDependents: false,
      },
      notificationSettings: {
        defaultCountry: 'US',
        smsFrom: CLINIC_NUMBER,
        quietHours: { start: '00:00', end: '00:00' },
      },
      waitlistSettings: { enabled: true, groupSize: 2, pauseMinutes: 15, offerMinutes: 60, stopBeforeMinutes: 120 },
    },
  }));
  otherClinic = await createTenant(database, {
    slug: uniqueSlug('smsother'),
    displayName: 'Riverside',
    timeZone: 'America/Chicago',
    fhirBaseUrl: 'https://ehr.riverside.example/R4',
    mrnSystem: 'urn:riverside:mrn',
    contactPhone: '(312) 555-0199',
    notificationSettings: { defaultCountry: 'US', smsFrom: OTHER_CLINIC_NUMBER },
  });
  boss = await startQueue(inject('databaseUrl'), 'pgboss_sms_reply_test');
  const notifier = new Notifier({
    database,
    boss,
    channels: {
      sms: new TwilioSmsChannel({
        accountSid: twilioStub.accountSid,
        authToken: twilioStub.authToken,
        apiBaseUrl: twilioStub.baseUrl,
      }),
      email: new DevOutboxChannel('email'),
    },
    smsRatePerSecond: 20,
    defaultSmsFrom: '+13125550199',
    emailFrom: 'Lakeside <appointments@lakeside.example>',
    appBaseUrl: 'https://book.example',
  });
  await notifier.work();
  deps = {
    database,
    provider: createFhirProvider(tenant),
    notifier,
    appBaseUrl: 'https://book.example',
    now: () => now,
  };
  const found = await Promise.all([
    deps.provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.dependents[0].mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn),
  ]);
  if (!found[0] || !found[1] || !found[2]) throw new Error('fixture patients missing');
  [maria, sofia, james] = found;
  const account = async (patientId: string, locale: 'en' | 'es'): Promise<string> =>
    (
      await database.patientAccount.create({
        data: { tenantId: tenant.id, providerPatientId: patientId, preferredLocale: locale, preferredChannel: 'sms' },
      })
    ).id;
  mariaActor = { tenant, accountId: await account(maria.id, 'es'), patientId: maria.id, locale: 'es', origin };
  jamesActor = { tenant, accountId: await account(james.id, 'en'), patientId: james.id, locale: 'en', origin };
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await twilioStub.close();
  await sandbox.close();
  await new Promise<void>((resolve) => webhookServer.close(() => resolve()));
});

describe('answering reminders by text', () => {
  it('reminders tell the patient how to reply, in their language, as Twilio delivers them', async () => {
    await deps.notifier.enqueue({
      tenant,
      channel: 'sms',
      to: MARIA,
      template: 'reminder-24h',
      locale: 'es',
      variables: { patient: 'Sofia', when: 'mañana, 9:00', location: 'Lakeside', address: '-', link: 'https://x' },
      priority: 'transactional',
      idempotencyKey: 'reminder-text-es',
    });
    const sent = await until(() => twilioStub.messages.find((message) => message.body.includes('Recordatorio')));
    expect(sent).toMatchObject({ to: MARIA, from: CLINIC_NUMBER });
    expect(sent.body).toContain('Responda C para confirmar, X para cancelar');
  });

  it('"C" confirms the visit in the EHR and on the front-desk board, in Spanish for Maria; audited', async () => {
    const visit = await book(mariaActor, sofia, '2031-06-04T00:00:00.000Z');
    const planned = await database.notification.findMany({
      where: { tenantId: tenant.id, appointmentId: visit.id, template: { startsWith: 'reminder-' } },
    });
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((reminder) => reminder.textBody.includes('Responda C para confirmar'))).toBe(true);

    const { status, reply } = await text(MARIA, ' c ');
    expect(status).toBe(200);
    expect(reply).toContain('Sofia');
    expect(reply).toContain('está confirmada');
    const confirmed = await deps.provider.getAppointment(visit.id);
    expect(confirmed.status).toBe('booked');
    expect(confirmed.confirmedAt).toBe(now.toISOString());

    const board = await getDeskBoard(
      { database, provider: deps.provider, now: () => new Date(visit.start) },
      { tenant, staffId: 'desk-1', role: 'front_desk', locationIds: [], locale: 'en', origin },
    );
    const row = board.locations.flatMap((location) => location.rows).find((item) => item.appointmentId === visit.id);
    expect(row?.confirmed).toBe(true);

    expect((await text(MARIA, 'C')).reply).toContain('ya estaba confirmada');
    expect((await deps.provider.getAppointment(visit.id)).version).toBe(confirmed.version);
    expect((await replies('success')).map((row) => row.detail)).toEqual([
      expect.objectContaining({ intent: 'confirm', result: 'confirmed', appointmentId: visit.id }),
      expect.objectContaining({ intent: 'confirm', result: 'already_confirmed' }),
    ]);
  }, 60_000);

  it('asks which visit when several are open, and "X2" cancels the second one only', async () => {
    const own = await book(mariaActor, maria, '2031-06-05T00:00:00.000Z');
    const ask = await text(MARIA, 'X');
    expect(ask.reply).toContain('¿qué cita?');
    expect(ask.reply).toContain('1 = Sofia');
    expect(ask.reply).toContain('2 = Maria');
    expect((await deps.provider.getAppointment(own.id)).status).toBe('booked');

    const { reply } = await text(MARIA, 'X2');
    expect(reply).toContain('Maria');
    expect(reply).toContain('está cancelada');
    expect((await deps.provider.getAppointment(own.id)).status).toBe('cancelled');
    // The cancellation notice goes out through Twilio, in Spanish.
    await until(() =>
      twilioStub.messages.find((message) => message.to === MARIA && message.body.includes('cancelada')),
    );
    const cancels = await database.auditEvent.findMany({
      where: { tenantId: tenant.id, action: 'appointment.cancel', outcome: 'success' },
    });
    expect(cancels.map((row) => row.actorId)).toEqual([mariaActor.accountId]);
  }, 60_000);

  it('past the clinic’s cutoff "X" answers "please call" with its number and cancels nothing', async () => {
    const visit = await book(jamesActor, james, '2031-06-02T00:00:00.000Z');
    now = new Date(new Date(visit.start).getTime() - 6 * 3_600_000);
    try {
      const { reply } = await text(JAMES, 'x');
      expect(reply).toContain('too late to cancel');
      expect(reply).toContain('(312) 555-0142');
      expect((await deps.provider.getAppointment(visit.id)).status).toBe('booked');
      // Once the visit has passed, a reply says so.
      now = new Date(new Date(visit.end).getTime() + 3_600_000);
      const after = await text(JAMES, 'C');
      expect(after.reply).toContain('has already taken place');
      expect((await deps.provider.getAppointment(visit.id)).confirmedAt ?? null).toBeNull();
    } finally {
      now = new Date('2031-06-01T12:00:00Z');
    }
    const current = await deps.provider.getAppointment(visit.id);
    await deps.provider.cancel({
      appointmentId: visit.id,
      appointmentVersion: current.version,
      reason: '',
      by: 'clinic',
    });
    expect((await replies('denied')).map((row) => row.detail)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ intent: 'cancel', result: 'past_cutoff' }),
        expect.objectContaining({ intent: 'confirm', result: 'past' }),
      ]),
    );
  }, 60_000);

  it('a visit the clinic already cancelled in the EHR is answered so, and stays cancelled', async () => {
    const visit = await book(jamesActor, james, '2031-06-06T00:00:00.000Z');
    const cancelled = await deps.provider.cancel({
      appointmentId: visit.id,
      appointmentVersion: visit.version,
      reason: 'Clinician away',
      by: 'clinic',
    });
    const { reply } = await text(JAMES, 'C');
    expect(reply).toContain('is already cancelled');
    const after = await deps.provider.getAppointment(visit.id);
    expect(after).toMatchObject({ status: 'cancelled', version: cancelled.version });
  }, 60_000);

  it('an unknown number, or a reply to another clinic’s number, gets a clear answer and changes nothing', async () => {
    const before = await database.auditEvent.count({ where: { action: 'appointment.cancel' } });
    const stranger = await text('+13125550177', 'X');
    expect(stranger.reply).toContain('we found no upcoming visit for this number');
    expect(stranger.reply).toContain('(312) 555-0142');
    const elsewhere = await text(MARIA, 'X', OTHER_CLINIC_NUMBER);
    expect(elsewhere.reply).toContain('Riverside');
    expect(elsewhere.reply).toContain('(312) 555-0199');
    const open = await deps.provider.listAppointments({
      patientIds: [sofia.id],
      from: '2031-06-01T00:00:00Z',
      to: '2031-06-08T00:00:00Z',
    });
    expect(open.filter((visit) => visit.status === 'booked')).toHaveLength(1);
    expect(await database.auditEvent.count({ where: { action: 'appointment.cancel' } })).toBe(before);
    expect((await deps.provider.getAppointment(open[0]?.id ?? '')).version).toBe(open[0]?.version);
    const audited = await database.auditEvent.findFirst({
      where: { tenantId: otherClinic.id, action: 'sms.reply' },
    });
    expect(audited).toMatchObject({ outcome: 'denied', detail: { intent: 'cancel', result: 'unknown_number' } });
  }, 60_000);

  it('anything else gets a short help text; a forged signature is refused', async () => {
    const { reply } = await text(MARIA, '¿a qué hora?');
    expect(reply).toContain('responda C para confirmar su cita o X para cancelarla');
    expect((await replies()).at(-1)?.detail).toMatchObject({ intent: 'other', result: 'help' });
    const forged = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: new URLSearchParams({ From: MARIA, To: CLINIC_NUMBER, Body: 'X1' }).toString(),
    });
    expect(forged.status).toBe(403);
    const sofiaVisits = await deps.provider.listAppointments({
      patientIds: [sofia.id],
      from: '2031-06-01T00:00:00Z',
      to: '2031-06-08T00:00:00Z',
    });
    expect(sofiaVisits.filter((visit) => visit.status === 'booked')).toHaveLength(1);
  }, 60_000);
});

describe('taking an earlier-slot offer by text', () => {
  it('"Y" takes the latest offer: the first to reply wins, the other is told it is gone; audited', async () => {
    const visit = await book(mariaActor, sofia, '2031-06-06T00:00:00.000Z');
    await joinWaitlist(deps, mariaActor, { forPatientId: sofia.id, appointmentId: visit.id });
    await joinWaitlist(deps, jamesActor, {
      forPatientId: james.id,
      serviceCode: 'primary-care',
      earliest: '2031-06-02T00:00:00Z',
      latest: '2031-06-06T00:00:00Z',
    });
    const slot = await freeSlot('2031-06-03T00:00:00.000Z');
    expect(await offerFreedSlot(deps, tenant, { slotId: slot.id })).toMatchObject({ offered: 2 });
    // The offer says how to answer by text, in each one's language, as Twilio delivers it.
    const toMaria = await until(() => twilioStub.messages.find((m) => m.to === MARIA && m.body.includes('responda Y')));
    expect(toMaria.body).toContain('Sofia');
    await until(() => twilioStub.messages.find((m) => m.to === JAMES && m.body.includes('or reply Y')));

    const taken = await text(MARIA, 'Y');
    expect(taken.reply).toContain('listo');
    expect(taken.reply).toContain('Sofia');
    const moved = await deps.provider.getAppointment(visit.id);
    expect(moved).toMatchObject({ status: 'booked', start: slot.start, slotIds: [slot.id] });

    const late = await text(JAMES, 'y');
    expect(late.reply).toContain('someone else took the time');
    expect(late.reply).toContain('stays on the waitlist');
    const jamesVisits = await deps.provider.listAppointments({
      patientIds: [james.id],
      from: slot.start,
      to: slot.end,
    });
    expect(jamesVisits.filter((item) => item.status === 'booked')).toHaveLength(0);

    const twice = await text(MARIA, 'Y');
    expect(twice.reply).toContain('ya tomó la oferta');
    expect((await deps.provider.getAppointment(visit.id)).version).toBe(moved.version);

    const accepts = await database.auditEvent.findMany({
      where: { tenantId: tenant.id, action: 'waitlist.accept' },
      orderBy: { occurredAt: 'asc' },
      select: { outcome: true, detail: true },
    });
    const accepted = accepts.map((row) => {
      const detail = row.detail as { via?: string; reason?: string; slotId?: string };
      return [row.outcome, detail.via, detail.reason ?? detail.slotId];
    });
    expect(accepted).toEqual([
      ['success', 'sms', slot.id],
      ['denied', 'sms', 'gone'],
      ['denied', 'sms', 'used'],
    ]);
    const smsAccepts = (await replies()).filter((row) => (row.detail as { intent?: string }).intent === 'accept');
    expect(smsAccepts.map((row) => [row.outcome, (row.detail as { result: string }).result])).toEqual([
      ['success', 'taken'],
      ['denied', 'gone'],
      ['denied', 'used'],
    ]);
  }, 90_000);

  it('an expired offer, or a number that was offered nothing, gets a clear answer and nothing is booked', async () => {
    const slot = await freeSlot('2031-06-03T00:00:00.000Z');
    expect(await offerFreedSlot(deps, tenant, { slotId: slot.id })).toMatchObject({ offered: 1 });
    now = new Date(now.getTime() + 2 * 3_600_000);
    try {
      const { reply } = await text(JAMES, 'Y');
      expect(reply).toContain('has expired');
    } finally {
      now = new Date('2031-06-01T12:00:00Z');
    }
    expect((await deps.provider.getSlot(slot.id)).status).toBe('free');
    const stranger = await text('+13125550177', 'Y');
    expect(stranger.reply).toContain('we found no open offer for this number');
    expect(stranger.reply).toContain('(312) 555-0142');
    expect((await replies('denied')).map((row) => row.detail)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ intent: 'accept', result: 'expired' }),
        expect.objectContaining({ intent: 'accept', result: 'no_offer' }),
      ]),
    );
  }, 60_000);
});
