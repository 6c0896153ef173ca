import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appErrorOf, outcomeCode } from '@/lib/testing/error-code';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { PatientSummary, Slot } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { bookAppointment } from './book-appointment';
import { findClinicianTimes, type ClinicianTimesPage } from './find-clinician-times';
import { findSlots } from './find-slots';
import type { BookingDeps, PatientActor } from './booking-deps';
import { cancelAppointment } from './cancel-appointment';
import { rescheduleAppointment } from './reschedule-appointment';

const database = testDatabase();
const serviceSystem = 'https://lakeside-health.example/fhir/service-type';
const now = new Date('2031-06-01T12:00:00Z');
let sandbox: TestFhirSandbox;
let boss: PgBoss;
let tenant: Tenant;
let deps: BookingDeps;
let guardian: PatientSummary;
let adult: PatientSummary;
let child: PatientSummary;
let actor: PatientActor;
const used = new Set<string>();

async function freeSlot(serviceCode: string, after = '2031-06-02T00:00:00.000Z'): Promise<Slot> {
  const page = await deps.provider.searchFreeSlots({
    serviceCode,
    from: after,
    to: '2031-06-09T00:00:00.000Z',
    pageSize: 100,
  });
  const slot = page.items.find((candidate) => !used.has(candidate.id));
  if (!slot) throw new Error('no free slot');
  used.add(slot.id);
  return slot;
}

const key = (): string => `key-${crypto.randomUUID()}`;

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'booking',
    seed: { days: 7, practitioners: 6, patients: 12 },
    tenant: {
      contactPhone: '(312) 555-0142',
      providerSettings: {
        kind: 'fhir',
        mrnAssignment: 'app-check-digit',
        requestTimeoutMs: 8000,
        serviceTypeSystem: serviceSystem,
      },
      bookingRules: {
        minimumNoticeMinutes: 120,
        horizonDays: 5,
        cancellationCutoffHours: 24,
        maxUpcomingPerService: 3,
        adultAge: 18,
        ageRestrictedServices: { pediatrics: 'minors' },
        allowAdultDependents: false,
      },
    },
  }));
  boss = await startQueue(inject('databaseUrl'), 'pgboss_booking_test');
  const notifier = outboxNotifier(database, boss);
  deps = {
    database,
    provider: createFhirProvider(tenant),
    notifier,
    appBaseUrl: 'https://book.example',
    now: () => now,
  };
  const found = await Promise.all([
    deps.provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.dependents[0].mrn),
  ]);
  if (!found[0] || !found[1] || !found[2]) throw new Error('fixture patients missing');
  [guardian, adult, child] = found;
  actor = {
    tenant,
    accountId: 'account-guardian',
    patientId: guardian.id,
    locale: 'en',
    origin: { ip: '203.0.113.9', requestId: 'req-booking-01' },
  };
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await sandbox.close();
});

describe('finding a time', () => {
  it('offers the first free time when the chosen two weeks are empty', async () => {
    const early = new Date('2031-05-10T12:00:00Z');
    const roomy = { ...tenant, bookingRules: { ...tenant.bookingRules, horizonDays: 60 } };
    const result = await findSlots(deps.provider, roomy, { service: 'primary-care', from: undefined }, 'en', early);
    expect(result.items).toEqual([]);
    expect(result.nextAvailable?.day).toBe('2031-06-02');
    expect(result.nextAvailable?.timeLabel).toBe('8:00 AM');
  });

  it('labels slots in the clinic’s local time, grouped by local day, with names', async () => {
    const result = await findSlots(deps.provider, tenant, { service: 'pediatrics', from: '2031-06-03' }, 'en', now);
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items[0]).toMatchObject({ day: '2031-06-03', timeLabel: '8:00 AM', dayLabel: 'Tuesday, June 3' });
    expect(result.items[0]?.practitioner).toMatch(/\S/);
    expect(result.items[0]?.location).toContain('Lakeside Community Health');
  });
  it('never offers a time inside the clinic’s minimum notice, so every time offered can be confirmed', async () => {
    const first = await findSlots(deps.provider, tenant, { service: 'pediatrics', from: '2031-06-03' }, 'en', now);
    const firstStart = new Date(first.items[0]?.start ?? '');
    // An hour before the first time of the day, with two hours' notice: that time is not offered.
    const justBefore = new Date(firstStart.getTime() - 60 * 60_000);
    const strict = { ...tenant, bookingRules: { ...tenant.bookingRules, minimumNoticeMinutes: 120 } };
    const result = await findSlots(deps.provider, strict, { service: 'pediatrics', from: undefined }, 'en', justBefore);
    const earliest = justBefore.getTime() + 120 * 60_000;
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.every((slot) => Date.parse(slot.start) >= earliest)).toBe(true);
    expect(result.items.map((slot) => slot.id)).not.toContain(first.items[0]?.id);
  });
});

describe('booking for self and dependents', () => {
  it('lets a guardian book a pediatric visit for her child, tells her by SMS and plans reminders', async () => {
    const slot = await freeSlot('pediatrics', '2031-06-03T00:00:00.000Z');
    const { appointment } = await bookAppointment(deps, actor, {
      forPatientId: child.id,
      slotId: slot.id,
      slotVersion: slot.version,
      reason: 'Fever since Tuesday',
      idempotencyKey: key(),
    });
    expect(appointment).toMatchObject({
      patientId: child.id,
      status: 'booked',
      slotIds: [slot.id],
      reason: 'Fever since Tuesday',
    });
    const notices = await database.notification.findMany({
      where: { tenantId: tenant.id, appointmentId: appointment.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(notices.map((notice) => [notice.template, notice.recipient])).toEqual([
      ['booking-confirmation', '+13125550101'],
      ['reminder-24h', '+13125550101'],
      ['reminder-2h', '+13125550101'],
    ]);
    expect(notices[0]?.textBody).toContain('Sofia is booked for');
    const audit = await database.auditEvent.findFirst({
      where: { tenantId: tenant.id, action: 'appointment.book', outcome: 'success' },
    });
    expect(audit).toMatchObject({ patientId: child.id, actorType: 'patient', requestId: 'req-booking-01' });
  });

  it('books once for a repeated idempotency key, and refuses the key for another slot', async () => {
    const slot = await freeSlot('primary-care');
    const requestKey = key();
    const newcomer = await deps.provider.createPatient({
      given: 'Ida',
      family: 'Novak',
      birthDate: '1992-02-02',
      gender: 'female',
      phone: '(312) 555-0177',
    });
    const newcomerActor = { ...actor, patientId: newcomer.id, accountId: 'account-newcomer' };
    const first = await bookAppointment(deps, newcomerActor, {
      forPatientId: newcomer.id,
      slotId: slot.id,
      slotVersion: slot.version,
      idempotencyKey: requestKey,
    });
    const again = await bookAppointment(deps, newcomerActor, {
      forPatientId: newcomer.id,
      slotId: slot.id,
      slotVersion: slot.version,
      idempotencyKey: requestKey,
    });
    expect(again.appointment.id).toBe(first.appointment.id);
    const booked = await deps.provider.listAppointments({
      patientIds: [newcomer.id],
      from: now.toISOString(),
      to: '2031-07-01T00:00:00.000Z',
    });
    expect(booked).toHaveLength(1);
    const other = await freeSlot('primary-care');
    const reused = await appErrorOf(
      bookAppointment(deps, newcomerActor, {
        forPatientId: newcomer.id,
        slotId: other.id,
        slotVersion: other.version,
        idempotencyKey: requestKey,
      }),
    );
    expect({ code: reused.code, reason: reused.reason, extra: reused.extra }).toEqual({
      code: 'conflict',
      reason: 'request.idempotencyKeyReused',
      extra: undefined,
    });
    expect((await deps.provider.getSlot(other.id)).status).toBe('free');
  });

  it('refuses a slot under the minimum notice', async () => {
    const early = await deps.provider.searchFreeSlots({
      serviceCode: 'primary-care',
      from: '2031-06-02T00:00:00.000Z',
      to: '2031-06-03T00:00:00.000Z',
      pageSize: 1,
    });
    const slot = early.items[0];
    if (!slot) throw new Error('no slot');
    const tooSoon = { ...deps, now: () => new Date(new Date(slot.start).getTime() - 60 * 60_000) };
    const error = await bookAppointment(
      tooSoon,
      { ...actor, patientId: adult.id },
      { forPatientId: adult.id, slotId: slot.id, slotVersion: slot.version, idempotencyKey: key() },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('too soon') as string });
    expect((await deps.provider.getSlot(slot.id)).status).toBe('free');
  });

  it(
    'refuses slots beyond the horizon, services for another ' +
      'age, unlinked people and huge reasons, booking nothing',
    async () => {
      const late = await deps.provider.searchFreeSlots({
        serviceCode: 'primary-care',
        from: '2031-06-07T00:00:00.000Z',
        to: '2031-06-09T00:00:00.000Z',
        pageSize: 1,
      });
      const lateSlot = late.items[0];
      if (!lateSlot) throw new Error('no slot');
      expect(
        await outcomeCode(
          bookAppointment(deps, actor, {
            forPatientId: guardian.id,
            slotId: lateSlot.id,
            slotVersion: lateSlot.version,
            idempotencyKey: key(),
          }),
        ),
      ).toBe('invalid_input');
      const pediatric = await freeSlot('pediatrics');
      expect(
        await outcomeCode(
          bookAppointment(deps, actor, {
            forPatientId: guardian.id,
            slotId: pediatric.id,
            slotVersion: pediatric.version,
            idempotencyKey: key(),
          }),
        ),
      ).toBe('invalid_input');
      expect(
        await outcomeCode(
          bookAppointment(deps, actor, {
            forPatientId: adult.id,
            slotId: pediatric.id,
            slotVersion: pediatric.version,
            idempotencyKey: key(),
          }),
        ),
      ).toBe('not_found');
      expect(
        await outcomeCode(
          bookAppointment(deps, actor, {
            forPatientId: child.id,
            slotId: pediatric.id,
            slotVersion: pediatric.version,
            reason: 'x'.repeat(100_000),
            idempotencyKey: key(),
          }),
        ),
      ).toBe('payload_too_large');
      for (const slot of [lateSlot, pediatric]) expect((await deps.provider.getSlot(slot.id)).status).toBe('free');
    },
  );

  it('says "just taken" when someone else got the slot first', async () => {
    const slot = await freeSlot('primary-care');
    await deps.provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id });
    const taken = await appErrorOf(
      bookAppointment(deps, actor, {
        forPatientId: guardian.id,
        slotId: slot.id,
        slotVersion: slot.version,
        idempotencyKey: key(),
      }),
    );
    expect({ code: taken.code, reason: taken.reason }).toEqual({ code: 'conflict', reason: 'booking.slotTaken' });
    // The use-case offers the nearest free times of the same service instead, labelled for the patient.
    const alternatives = (taken.extra?.alternatives ?? []) as { id: string; timeLabel: string }[];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.map((alternative) => alternative.id)).not.toContain(slot.id);
    expect(alternatives[0]?.timeLabel).toMatch(/\d{1,2}:\d{2}/);
  });

  it('says "just taken" with alternatives when the new time of a reschedule was taken meanwhile', async () => {
    const [first, second] = [
      await freeSlot('primary-care', '2031-06-05T00:00:00.000Z'),
      await freeSlot('primary-care', '2031-06-05T00:00:00.000Z'),
    ];
    const { appointment } = await bookAppointment(deps, actor, {
      forPatientId: guardian.id,
      slotId: first.id,
      slotVersion: first.version,
      idempotencyKey: key(),
    });
    await deps.provider.book({ slotId: second.id, slotVersion: second.version, patientId: adult.id });
    const taken = await appErrorOf(
      rescheduleAppointment(deps, actor, {
        appointmentId: appointment.id,
        newSlotId: second.id,
        newSlotVersion: second.version,
      }),
    );
    expect({ code: taken.code, reason: taken.reason }).toEqual({ code: 'conflict', reason: 'booking.slotTaken' });
    expect(taken.extra?.alternatives?.length).toBeGreaterThan(0);
    expect((await deps.provider.getAppointment(appointment.id)).slotIds).toEqual([first.id]);
    await cancelAppointment(deps, actor, { appointmentId: appointment.id });
  });

  it('reschedules and cancels, with notices, and treats another patient’s appointment as not found', async () => {
    const [first, second] = [
      await freeSlot('primary-care', '2031-06-04T00:00:00.000Z'),
      await freeSlot('primary-care', '2031-06-04T00:00:00.000Z'),
    ];
    const { appointment } = await bookAppointment(deps, actor, {
      forPatientId: guardian.id,
      slotId: first.id,
      slotVersion: first.version,
      idempotencyKey: key(),
    });
    expect(
      await outcomeCode(
        rescheduleAppointment(deps, actor, {
          appointmentId: appointment.id,
          newSlotId: first.id,
          newSlotVersion: first.version,
        }),
      ),
    ).toBe('invalid_input');
    const moved = await rescheduleAppointment(deps, actor, {
      appointmentId: appointment.id,
      newSlotId: second.id,
      newSlotVersion: second.version,
    });
    expect(moved.appointment).toMatchObject({ id: appointment.id, slotIds: [second.id] });
    expect((await deps.provider.getSlot(first.id)).status).toBe('free');
    const stranger = { ...actor, patientId: adult.id, accountId: 'account-adult' };
    expect(await outcomeCode(cancelAppointment(deps, stranger, { appointmentId: appointment.id }))).toBe('not_found');
    const cancelled = await cancelAppointment(deps, actor, { appointmentId: appointment.id, reason: 'Feeling better' });
    expect(cancelled.appointment.status).toBe('cancelled');
    expect((await deps.provider.getSlot(second.id)).status).toBe('free');
    const templates = (
      await database.notification.findMany({
        where: { tenantId: tenant.id, appointmentId: appointment.id },
        orderBy: { createdAt: 'asc' },
      })
    ).map((notice) => `${notice.template}:${notice.status}`);
    expect(templates).toEqual(
      expect.arrayContaining([
        'booking-confirmation:queued',
        'reschedule-confirmation:queued',
        'cancellation-by-patient:queued',
      ]),
    );
    expect(templates.filter((entry) => entry.startsWith('reminder') && !entry.endsWith('cancelled'))).toEqual([]);
  });

  it('sends the patient to the phone after the cancellation cutoff', async () => {
    const slot = await freeSlot('primary-care', '2031-06-02T18:00:00.000Z');
    const { appointment } = await bookAppointment(deps, actor, {
      forPatientId: guardian.id,
      slotId: slot.id,
      slotVersion: slot.version,
      idempotencyKey: key(),
    });
    const late = { ...deps, now: () => new Date(new Date(slot.start).getTime() - 3_600_000) };
    const error = await cancelAppointment(late, actor, { appointmentId: appointment.id }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'It is too late to change this appointment online. Please call the clinic at (312) 555-0142.',
    });
    expect((await deps.provider.getAppointment(appointment.id)).status).toBe('booked');
  });
});

describe('finding times by day and clinician', () => {
  const names = (page: ClinicianTimesPage): Set<string | undefined> =>
    new Set(page.days.flatMap((day) => day.clinicians.map((entry) => entry.clinician?.displayName)));

  it('counts free times per day, groups them by clinician, and offers the first available', async () => {
    const page = await findClinicianTimes(
      deps.provider,
      tenant,
      { service: 'pediatrics', from: '2031-06-02' },
      'en',
      now,
    );
    expect(page.strip).toHaveLength(14);
    expect(page.strip[0]).toMatchObject({ day: '2031-06-02', weekday: 'Mon', dayOfMonth: '2' });
    expect(page.total).toBe(page.strip.reduce((sum, day) => sum + day.count, 0));
    expect(page.clinicianCount).toBe(2);
    expect(page.days.map((day) => day.day)).toEqual(['2031-06-02', '2031-06-03', '2031-06-04']);
    expect(names(page)).toEqual(new Set(['Dr. Lucía Ramírez', 'NP Grace Wong']));
    const firstDay = page.days[0];
    const timesThatDay = firstDay?.clinicians.reduce((sum, entry) => sum + entry.times.length, 0);
    expect(timesThatDay).toBe(page.strip[0]?.count);
    const starts = page.days.flatMap((day) => day.clinicians.flatMap((entry) => entry.times.map((time) => time.start)));
    expect(page.firstAvailable?.start).toBe([...starts].sort()[0]);
    expect(page.firstAvailable?.clinician?.languages.length).toBeGreaterThan(0);
  });

  it('keeps clinicians who speak the language asked for (Chinese: Mandarin or Cantonese), of the gender', async () => {
    const search = (filter: { language?: string; gender?: 'female' | 'male' }): Promise<ClinicianTimesPage> =>
      findClinicianTimes(deps.provider, tenant, { service: 'pediatrics', from: '2031-06-02', ...filter }, 'en', now);
    expect(names(await search({ language: 'yue' }))).toEqual(new Set(['NP Grace Wong']));
    expect(names(await search({ language: 'zh' }))).toEqual(new Set(['NP Grace Wong']));
    expect(names(await search({ language: 'es' }))).toEqual(new Set(['Dr. Lucía Ramírez']));
    const men = await search({ gender: 'male' });
    expect(men.total).toBe(0);
    expect(men.firstAvailable).toBeNull();
  });

  it('pages by day: the next page starts on the next day with times', async () => {
    const first = await findClinicianTimes(
      deps.provider,
      tenant,
      { service: 'pediatrics', from: '2031-06-02' },
      'en',
      now,
    );
    expect(first.nextDay).toBe('2031-06-05');
    const next = await findClinicianTimes(
      deps.provider,
      tenant,
      { service: 'pediatrics', from: '2031-06-02', day: first.nextDay ?? undefined },
      'en',
      now,
    );
    expect(next.days[0]?.day).toBe('2031-06-05');
    expect(next.strip).toEqual(first.strip);
  });
});
