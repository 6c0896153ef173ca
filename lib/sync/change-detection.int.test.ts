/**
 * Change detection end to end, over HTTP against the strict sandbox: the clinic changes visits in its
 * EHR (through a second FHIR client, as its front desk would) and the app's sync tells the account
 * holder once, re-plans or cancels reminders, ignores the app's own changes, resumes after an outage
 * with nothing lost or twice, survives a clock difference, skips what it cannot read, and hears of
 * changes through a rest-hook Subscription.
 */
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { bookAppointment } from '@/lib/booking/book-appointment';
import type { BookingDeps, PatientActor } from '@/lib/booking/booking-deps';
import { cancelAppointment } from '@/lib/booking/cancel-appointment';
import { rescheduleAppointment } from '@/lib/booking/reschedule-appointment';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import { checkHealth } from '@/lib/health/check-health';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import type { Notifier } from '@/lib/notify/notifier';
import { startQueue } from '@/lib/notify/queue';
import { createNotifier } from '@/lib/notify/get-notifier';
import { parseServerConfig } from '@/lib/config';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { RequestBudget } from '@/lib/scheduling/fhir/request-budget';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { PatientSummary, Slot } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { withDeskStatusChange } from '@/lib/sync-state/remember-appointment';
import { DeskEventHub, followDeskEvents, latestDeskEventId, type DeskEvent } from '@/lib/realtime/desk-events';
import { testDatabase } from '@/lib/testing/database';
import { startDroppingProxy, type DroppingProxy } from '@/lib/testing/dropping-proxy';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import { floodSlots } from '@/lib/testing/flood-slots';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import {
  startChangeNotificationEndpoint,
  type ChangeNotificationEndpoint,
} from '@/lib/testing/change-notification-endpoint';
import { runClinicSync } from './run-clinic-sync';
import { listSchedulingEvents } from './scheduling-events';
import type { SyncDeps } from './sync-deps';
import { claimDueClinics, createSyncQueue, queueClinicSync, startSyncWorkers, type SyncWorkers } from './sync-jobs';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { uniqueSlug } from '@/lib/testing/database';

const database = testDatabase();
const serviceSystem = 'https://lakeside-health.example/fhir/service-type';
const startDate = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
const sandboxes: TestFhirSandbox[] = [];
let boss: PgBoss;
let notifier: Notifier;

interface Clinic {
  tenant: Tenant;
  /** The clinic's front desk, writing to the EHR directly. */
  ehr: SchedulingProvider;
  sync: SyncDeps;
  booking: BookingDeps;
  adult: PatientSummary;
  actor: PatientActor;
  used: Set<string>;
  /** The sandbox database and partition (for writing in bulk, as the EHR's own jobs do). */
  ehrDatabaseUrl: string;
  partition: string;
}

async function openClinic(
  name: string,
  options: { useSubscriptions?: boolean; appBaseUrl?: string; requestsPerSecond?: number } = {},
): Promise<Clinic> {
  const clinic = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name,
    seed: { startDate, days: 3, practitioners: 2, patients: 6 },
    tenant: {
      // Messages go at any hour (these tests are not about quiet hours, and run at any hour).
      notificationSettings: { defaultCountry: 'US', quietHours: { start: '00:00', end: '00:00' } },
      bookingRules: {
        minimumNoticeMinutes: 60,
        horizonDays: 30,
        cancellationCutoffHours: 1,
        maxUpcomingPerService: 50,
        adultAge: 18,
        ageRestrictedServices: {},
        allowAdultDependents: false,
      },
      providerSettings: {
        kind: 'fhir',
        mrnAssignment: 'app-check-digit',
        requestTimeoutMs: 8000,
        attemptTimeoutMs: 5000,
        serviceTypeSystem: serviceSystem,
        requestIdentifierSystem: 'urn:fhir-scheduling:booking-request',
        changeDetection: {
          enabled: true,
          pollIntervalSeconds: 30,
          subscriptionPollIntervalSeconds: 300,
          overlapSeconds: 120,
          requestsPerSecond: 50,
          concurrency: 4,
          useSubscriptions: options.useSubscriptions ?? false,
        },
      },
    },
  });
  sandboxes.push(clinic.sandbox);
  const { tenant } = clinic;
  const syncProvider = createFhirProvider(tenant, {
    budget: new RequestBudget({ requestsPerSecond: options.requestsPerSecond ?? 50, concurrency: 4 }),
  });
  const ehr = createFhirProvider(tenant);
  const adult = await ehr.findPatientByMrn(DEMO_PATIENTS.adult.mrn);
  if (!adult) throw new Error('fixture patient missing');
  const account = await database.patientAccount.create({
    data: { tenantId: tenant.id, providerPatientId: adult.id, preferredLocale: 'es', preferredChannel: 'sms' },
  });
  const appBaseUrl = options.appBaseUrl ?? 'https://book.example';
  return {
    tenant,
    ehr,
    sync: { database, providerFor: () => syncProvider, notifier, appBaseUrl },
    booking: { database, provider: createFhirProvider(tenant), notifier, appBaseUrl },
    adult,
    actor: {
      tenant,
      accountId: account.id,
      patientId: adult.id,
      locale: 'es',
      origin: { ip: '203.0.113.9', requestId: `req-${name}` },
      preferredChannel: 'sms',
    },
    used: new Set(),
    ehrDatabaseUrl: clinic.sandbox.databaseUrl,
    partition: name,
  };
}

async function freeSlot(clinic: Clinic): Promise<Slot> {
  const page = await clinic.ehr.searchFreeSlots({
    serviceCode: 'primary-care',
    from: `${startDate}T00:00:00Z`,
    to: new Date(Date.parse(`${startDate}T00:00:00Z`) + 3 * 86_400_000).toISOString(),
    pageSize: 100,
  });
  const slot = page.items.find((candidate) => !clinic.used.has(candidate.id));
  if (!slot) throw new Error('no free slot');
  clinic.used.add(slot.id);
  return slot;
}

/** The patient books in the app (the app's own change). */
async function bookInApp(clinic: Clinic): Promise<string> {
  const slot = await freeSlot(clinic);
  const { appointment } = await bookAppointment(clinic.booking, clinic.actor, {
    forPatientId: clinic.adult.id,
    slotId: slot.id,
    slotVersion: slot.version,
    idempotencyKey: `key-${crypto.randomUUID()}`,
  });
  return appointment.id;
}

async function notices(
  tenantId: string,
  appointmentId: string,
): Promise<{ template: string; status: string; key: string; locale: string }[]> {
  const rows = await database.notification.findMany({
    where: { tenantId, appointmentId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => ({
    template: row.template,
    status: row.status,
    key: row.idempotencyKey,
    locale: row.locale,
  }));
}

async function waitFor(condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let polling: Clinic;

beforeAll(async () => {
  boss = await startQueue(inject('databaseUrl'), 'pgboss_sync_test');
  notifier = outboxNotifier(database, boss);
  polling = await openClinic('sync-poll');
  expect((await runClinicSync(polling.sync, polling.tenant))?.initial).toBe(true);
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  for (const sandbox of sandboxes) await sandbox.close();
});

describe('polling the EHR', () => {
  it('the clinic cancels a visit: by the next poll reminders are cancelled, the holder has one message', async () => {
    const appointmentId = await bookInApp(polling);
    const booked = await polling.ehr.getAppointment(appointmentId);
    await polling.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: 'Doctor ill', by: 'clinic' });

    const outcome = await runClinicSync(polling.sync, polling.tenant);
    expect(outcome?.events).toBeGreaterThanOrEqual(1);
    await runClinicSync(polling.sync, polling.tenant);

    const sent = await notices(polling.tenant.id, appointmentId);
    const byClinic = sent.filter((notice) => notice.template === 'cancellation-by-clinic');
    expect(byClinic).toHaveLength(1);
    expect(byClinic[0]?.locale).toBe('es');
    // With the times still open for the same visit (the sandbox's next free primary-care slots).
    const text = await database.notification.findFirstOrThrow({
      where: { tenantId: polling.tenant.id, appointmentId, template: 'cancellation-by-clinic' },
      select: { textBody: true },
    });
    expect(text.textBody).toMatch(/Lo sentimos\. Horarios libres: .+\. Reserve otra: https:/);
    const reminders = sent.filter((notice) => notice.template.startsWith('reminder-'));
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((reminder) => reminder.status === 'cancelled')).toBe(true);
    const desk = await database.deskEvent.findMany({ where: { tenantId: polling.tenant.id, appointmentId } });
    expect(desk.map((event) => event.status)).toEqual(['cancelled']);
  });

  it('the clinic moves a visit: the reminders follow it and the holder is told once', async () => {
    const appointmentId = await bookInApp(polling);
    const booked = await polling.ehr.getAppointment(appointmentId);
    const target = await freeSlot(polling);
    // A board open at the desk, on any replica (LISTEN/NOTIFY), from now on.
    const hub = new DeskEventHub(inject('databaseUrl'));
    const heard: DeskEvent[] = [];
    const stopBoard = await followDeskEvents({
      database,
      hub,
      tenantId: polling.tenant.id,
      locationIds: [],
      afterId: await latestDeskEventId(database, polling.tenant.id),
      onEvent: (event) => heard.push(event),
    });
    const moved = await polling.ehr.reschedule({
      appointmentId,
      appointmentVersion: booked.version,
      newSlotId: target.id,
      newSlotVersion: target.version,
    });

    await runClinicSync(polling.sync, polling.tenant);
    await runClinicSync(polling.sync, polling.tenant);
    try {
      // The board hears the move live (and reloads the day: the visit's time changed).
      await expect
        .poll(() => heard.filter((event) => event.appointmentId === appointmentId).map((event) => event.status))
        .toEqual(['moved']);
      expect(heard.find((event) => event.appointmentId === appointmentId)?.locationId).toBe(moved.locationId);
    } finally {
      stopBoard();
      await hub.close();
    }

    const sent = await notices(polling.tenant.id, appointmentId);
    expect(sent.filter((notice) => notice.template === 'moved-by-clinic')).toHaveLength(1);
    const reminders = sent.filter((notice) => notice.template.startsWith('reminder-'));
    const queued = reminders.filter((reminder) => reminder.status === 'queued');
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((reminder) => reminder.key.endsWith(moved.start))).toBe(true);
    expect(
      reminders.filter((reminder) => reminder.key.endsWith(booked.start)).every((r) => r.status === 'cancelled'),
    ).toBe(true);
  });

  it('the app’s own booking and cancellation produce no extra notice', async () => {
    const appointmentId = await bookInApp(polling);
    await runClinicSync(polling.sync, polling.tenant);
    await cancelAppointment(polling.booking, polling.actor, { appointmentId });
    await runClinicSync(polling.sync, polling.tenant);

    const templates = (await notices(polling.tenant.id, appointmentId))
      .map((notice) => notice.template)
      .filter((template) => !template.startsWith('reminder-'));
    expect(templates).toEqual(['booking-confirmation', 'cancellation-by-patient']);
  });

  it('a patient’s move and cancellation seen by a poll before the app recorded them are not the clinic’s', async () => {
    const appointmentId = await bookInApp(polling);
    await runClinicSync(polling.sync, polling.tenant);
    // The poll runs right after each write reaches the EHR, before the app has recorded its version.
    const provider = polling.booking.provider;
    const racing: BookingDeps = {
      ...polling.booking,
      provider: new Proxy(provider, {
        get(target, property, receiver) {
          if (property !== 'reschedule' && property !== 'cancel')
            return Reflect.get(target, property, receiver) as unknown;
          return async (input: never) => {
            const written: unknown = await (property === 'reschedule'
              ? provider.reschedule(input)
              : provider.cancel(input));
            await runClinicSync(polling.sync, polling.tenant);
            return written;
          };
        },
      }),
    };
    const target = await freeSlot(polling);
    await rescheduleAppointment(racing, polling.actor, {
      appointmentId,
      newSlotId: target.id,
      newSlotVersion: target.version,
    });
    await cancelAppointment(racing, polling.actor, { appointmentId });
    await runClinicSync(polling.sync, polling.tenant);

    const templates = (await notices(polling.tenant.id, appointmentId))
      .map((notice) => notice.template)
      .filter((template) => !template.startsWith('reminder-'));
    expect(templates).toEqual(['booking-confirmation', 'reschedule-confirmation', 'cancellation-by-patient']);
    const events = await database.schedulingEvent.findMany({ where: { tenantId: polling.tenant.id } });
    expect(events.filter((event) => JSON.stringify(event.payload).includes(appointmentId))).toEqual([]);
  });

  it('the clinic cancels a dependent’s visit: the guardian is told, and “Book again” is for the child', async () => {
    const guardian = await polling.ehr.findPatientByMrn(DEMO_PATIENTS.guardian.mrn);
    if (!guardian) throw new Error('fixture guardian missing');
    const dependents = await polling.ehr.listDependents(guardian);
    const childIndex = dependents.findIndex((dependent) => dependent.patient.mrn === DEMO_PATIENTS.dependents[1].mrn);
    const child = dependents[childIndex]?.patient;
    if (!child) throw new Error('fixture dependent missing');
    const account = await database.patientAccount.create({
      data: { tenantId: polling.tenant.id, providerPatientId: guardian.id, preferredChannel: 'sms' },
    });
    const actor: PatientActor = { ...polling.actor, accountId: account.id, patientId: guardian.id, locale: 'en' };
    const slot = await freeSlot(polling);
    const { appointment } = await bookAppointment(polling.booking, actor, {
      forPatientId: child.id,
      slotId: slot.id,
      slotVersion: slot.version,
      idempotencyKey: `key-${crypto.randomUUID()}`,
    });
    await polling.ehr.cancel({
      appointmentId: appointment.id,
      appointmentVersion: appointment.version,
      reason: 'Clinic closed',
      by: 'clinic',
    });
    await runClinicSync(polling.sync, polling.tenant);

    const told = await database.notification.findMany({
      where: { tenantId: polling.tenant.id, appointmentId: appointment.id, template: 'cancellation-by-clinic' },
    });
    expect(told).toHaveLength(1);
    expect(told[0]?.textBody).toContain(`/book?for=${childIndex + 1}`);
  });

  it('the clinic books a child’s visit in the EHR: the guardian is told of it and of its cancellation', async () => {
    const guardian = await polling.ehr.findPatientByMrn(DEMO_PATIENTS.guardian.mrn);
    if (!guardian) throw new Error('fixture guardian missing');
    const child = (await polling.ehr.listDependents(guardian)).find(
      (dependent) => dependent.patient.mrn === DEMO_PATIENTS.dependents[0].mrn,
    )?.patient;
    if (!child) throw new Error('fixture dependent missing');
    await database.patientAccount.upsert({
      where: { tenantId_providerPatientId: { tenantId: polling.tenant.id, providerPatientId: guardian.id } },
      create: { tenantId: polling.tenant.id, providerPatientId: guardian.id, preferredChannel: 'sms' },
      update: {},
    });
    const slot = await freeSlot(polling);
    const booked = await polling.ehr.book({ slotId: slot.id, slotVersion: slot.version, patientId: child.id });
    await runClinicSync(polling.sync, polling.tenant);
    await polling.ehr.cancel({
      appointmentId: booked.id,
      appointmentVersion: booked.version,
      reason: 'Doctor ill',
      by: 'clinic',
    });
    await runClinicSync(polling.sync, polling.tenant);

    const told = await database.notification.findMany({
      where: { tenantId: polling.tenant.id, appointmentId: booked.id },
      orderBy: { createdAt: 'asc' },
    });
    const notices = told.filter((notice) => !notice.template.startsWith('reminder-'));
    expect(notices.map((notice) => notice.template)).toEqual(['booking-confirmation', 'cancellation-by-clinic']);
    expect(notices.every((notice) => notice.recipient === '+13125550101')).toBe(true);
    const audited = await database.auditEvent.count({
      where: { tenantId: polling.tenant.id, patientId: child.id, action: 'patient.read' },
    });
    expect(audited).toBeGreaterThan(0);
  });

  it('the clinic marks a no-show in the EHR: the board hears it; the desk’s own are not echoed', async () => {
    const byClinic = await bookInApp(polling);
    const desk = await bookInApp(polling);
    await runClinicSync(polling.sync, polling.tenant);
    const booked = await polling.ehr.getAppointment(byClinic);
    await polling.ehr.setAppointmentStatus({
      appointmentId: byClinic,
      appointmentVersion: booked.version,
      status: 'noshow',
    });
    // The desk marks the other visit no-show, a poll reads it, then the desk undoes it.
    const seen = await polling.ehr.getAppointment(desk);
    const marked = await withDeskStatusChange(
      database,
      polling.tenant.id,
      { appointment: seen, status: 'noshow' },
      () =>
        polling.ehr.setAppointmentStatus({ appointmentId: desk, appointmentVersion: seen.version, status: 'noshow' }),
    );
    await runClinicSync(polling.sync, polling.tenant);
    await withDeskStatusChange(database, polling.tenant.id, { appointment: marked, status: 'booked' }, () =>
      polling.ehr.setAppointmentStatus({ appointmentId: desk, appointmentVersion: marked.version, status: 'booked' }),
    );
    await runClinicSync(polling.sync, polling.tenant);

    const deskEvents = async (appointmentId: string) =>
      (await database.deskEvent.findMany({ where: { tenantId: polling.tenant.id, appointmentId } })).map(
        (event) => event.status,
      );
    expect(await deskEvents(byClinic)).toEqual(['noshow']);
    expect(await deskEvents(desk)).toEqual([]);
    const noshows = await listSchedulingEvents(database, polling.tenant.id, {
      type: 'appointment-noshow',
      limit: 1000,
    });
    expect(noshows.map((item) => item.event.appointmentId)).toEqual(expect.arrayContaining([byClinic]));
    expect(noshows.map((item) => item.event.appointmentId)).not.toContain(desk);
  });

  it('keeps opened slots as events for a waitlist', async () => {
    const before = await listSchedulingEvents(database, polling.tenant.id, { type: 'slot-opened', limit: 1000 });
    const appointmentId = await bookInApp(polling);
    const booked = await polling.ehr.getAppointment(appointmentId);
    await polling.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: '', by: 'clinic' });
    await runClinicSync(polling.sync, polling.tenant);
    const after = await listSchedulingEvents(database, polling.tenant.id, {
      type: 'slot-opened',
      ...(before.at(-1) ? { afterId: before.at(-1)?.id } : {}),
    });
    expect(after.map((item) => item.event.slotId)).toContain(booked.slotIds[0]);
  });

  it('the clinic blocks a slot and takes a schedule out of use: both kept as schedule-blocked events', async () => {
    const before = await listSchedulingEvents(database, polling.tenant.id, { type: 'schedule-blocked', limit: 1000 });
    const slot = await freeSlot(polling);
    const authorization = `Bearer ${await tokenFor(polling)}`;
    /** The clinic's EHR changes a record (read it, write it back changed at its version). */
    const change = async (path: string, edit: (resource: Record<string, unknown>) => Record<string, unknown>) => {
      const url = `${polling.tenant.fhirBaseUrl}/${path}`;
      const read = await fetch(url, { headers: { authorization, accept: 'application/fhir+json' } });
      const written = await fetch(url, {
        method: 'PUT',
        headers: {
          authorization,
          'content-type': 'application/fhir+json',
          'if-match': read.headers.get('etag') ?? '',
        },
        body: JSON.stringify(edit((await read.json()) as Record<string, unknown>)),
      });
      expect(written.status).toBe(200);
    };
    await change(`Slot/${slot.id}`, (resource) => ({ ...resource, status: 'busy-unavailable' }));
    await change(`Schedule/${slot.scheduleId}`, (resource) => ({ ...resource, active: false }));
    try {
      await runClinicSync(polling.sync, polling.tenant);
    } finally {
      await change(`Schedule/${slot.scheduleId}`, (resource) => ({ ...resource, active: true }));
    }

    const blocked = await listSchedulingEvents(database, polling.tenant.id, {
      type: 'schedule-blocked',
      ...(before.at(-1) ? { afterId: before.at(-1)?.id } : {}),
    });
    expect(blocked.map((item) => item.event)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scheduleId: slot.scheduleId, slotId: slot.id, start: slot.start, end: slot.end }),
        expect.objectContaining({ scheduleId: slot.scheduleId, slotId: null, start: null }),
      ]),
    );
  });

  it('skips and counts a record it cannot read, logs it without PHI, and goes on', async () => {
    const patient = DEMO_PATIENTS.adult;
    const before = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: polling.tenant.id } });
    // A proposed appointment may have no start (FHIR allows it); the app cannot place it in time.
    const response = await fetch(`${polling.tenant.fhirBaseUrl}/Appointment`, {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        authorization: `Bearer ${await tokenFor(polling)}`,
      },
      // ...and carries the patient's name, MRN and phone, which must not reach the logs.
      body: JSON.stringify({
        resourceType: 'Appointment',
        status: 'proposed',
        description: `Call ${patient.given} ${patient.family} (MRN ${patient.mrn}) at ${patient.phone}`,
        participant: [
          {
            actor: { reference: `Patient/${polling.adult.id}`, display: `${patient.given} ${patient.family}` },
            status: 'needs-action',
          },
        ],
      }),
    });
    expect(response.status).toBe(201);
    const warn = vi.spyOn(log(), 'warn');
    let calls: unknown[][] = [];
    const outcome = await runClinicSync(polling.sync, polling.tenant).finally(() => {
      calls = [...warn.mock.calls];
      warn.mockRestore();
    });
    expect(outcome?.unmappable).toBe(1);
    const logged = calls.filter((call) => call.includes('change detection skipped a record it cannot read'));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.[0]).toMatchObject({ tenant: polling.tenant.slug, resourceType: 'Appointment' });
    const line = JSON.stringify(logged);
    for (const phi of [patient.given, patient.family, patient.mrn, patient.phone, '555-0102', polling.adult.id])
      expect(line).not.toContain(phi);
    const after = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: polling.tenant.id } });
    expect(after.unmappableSeen).toBe(before.unmappableSeen + 1);
    expect(after.lastError).toBeNull();
  });

  it.each([60, -60])('loses nothing when the app’s clock is %i s off the EHR’s', async (skewSeconds) => {
    const skewed: SyncDeps = { ...polling.sync, now: () => new Date(Date.now() + skewSeconds * 1000) };
    await runClinicSync(skewed, polling.tenant);
    const appointmentId = await bookInApp(polling);
    const booked = await polling.ehr.getAppointment(appointmentId);
    await polling.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: '', by: 'clinic' });
    await runClinicSync(skewed, polling.tenant);
    const sent = await notices(polling.tenant.id, appointmentId);
    expect(sent.filter((notice) => notice.template === 'cancellation-by-clinic')).toHaveLength(1);
  });
});

async function tokenFor(clinic: Clinic): Promise<string> {
  const auth = clinic.tenant.fhirAuth;
  if (auth.type !== 'smart-client-secret') throw new Error('expected SMART credentials');
  const response = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
      scope: 'system/*.cruds',
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('an appointment deleted in the EHR (gone, not cancelled)', () => {
  it('is noticed by the sweep: reminders cancelled, the holder told once, the board updated', async () => {
    const appointmentId = await bookInApp(polling);
    await runClinicSync(polling.sync, polling.tenant);
    const booked = await polling.ehr.getAppointment(appointmentId);
    const deleted = await fetch(`${polling.tenant.fhirBaseUrl}/Appointment/${appointmentId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await tokenFor(polling)}` },
    });
    expect(deleted.ok).toBe(true);
    // The change feed does not show it: only the sweep can.
    const where = { tenantId: polling.tenant.id };
    await database.clinicSync.update({ where, data: { deletionsSweptAt: new Date() } });
    await runClinicSync(polling.sync, polling.tenant);
    expect((await notices(polling.tenant.id, appointmentId)).map((notice) => notice.template)).not.toContain(
      'cancellation-by-clinic',
    );

    // Once the sweep is due (every few minutes), and again after it: told once.
    await database.clinicSync.update({ where, data: { deletionsSweptAt: new Date(Date.now() - 10 * 60_000) } });
    await runClinicSync(polling.sync, polling.tenant);
    await database.clinicSync.update({ where, data: { deletionsSweptAt: null } });
    await runClinicSync(polling.sync, polling.tenant);

    const sent = await notices(polling.tenant.id, appointmentId);
    const told = sent.filter((notice) => notice.template === 'cancellation-by-clinic');
    expect(told).toHaveLength(1);
    expect(told[0]?.locale).toBe('es');
    const reminders = sent.filter((notice) => notice.template.startsWith('reminder-'));
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((reminder) => reminder.status === 'cancelled')).toBe(true);
    const desk = await database.deskEvent.findMany({ where: { tenantId: polling.tenant.id, appointmentId } });
    expect(desk.map((event) => [event.status, event.locationId])).toEqual([['cancelled', booked.locationId]]);
    const events = await database.schedulingEvent.findMany({
      where: { tenantId: polling.tenant.id, resourceId: appointmentId },
    });
    expect(events.map((event) => event.type)).toEqual(['appointment-deleted']);
    expect(JSON.stringify(events[0]?.payload)).not.toContain(DEMO_PATIENTS.adult.family);
  });
});

describe('one runner per clinic across replicas', () => {
  it('a second runner for the clinic does not run alongside the first, and the run it asked for follows', async () => {
    const appointmentId = await bookInApp(polling);
    await runClinicSync(polling.sync, polling.tenant);
    // Two replicas, each with its own client on the clinic's EHR; the first is held after its first read.
    let reading = 0;
    let mostReading = 0;
    let reads = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstReadDone: () => void = () => undefined;
    const firstRead = new Promise<void>((resolve) => {
      firstReadDone = resolve;
    });
    const replica = (): SyncDeps => {
      const provider = createFhirProvider(polling.tenant, {
        budget: new RequestBudget({ requestsPerSecond: 50, concurrency: 4 }),
      });
      const counted = new Proxy(provider, {
        get(target, property, receiver) {
          if (property !== 'changesSince') return Reflect.get(target, property, receiver) as unknown;
          return async (...args: Parameters<SchedulingProvider['changesSince']>) => {
            reading += 1;
            reads += 1;
            mostReading = Math.max(mostReading, reading);
            try {
              const batch = await provider.changesSince(...args);
              if (reads === 1) {
                firstReadDone();
                await held;
              }
              return batch;
            } finally {
              reading -= 1;
            }
          };
        },
      });
      return { ...polling.sync, providerFor: () => counted };
    };
    const first = runClinicSync(replica(), polling.tenant);
    await firstRead;
    // While the first runner holds the clinic, the clinic cancels a visit and a second runner is asked to run.
    const booked = await polling.ehr.getAppointment(appointmentId);
    await polling.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: '', by: 'clinic' });
    expect(await runClinicSync(replica(), polling.tenant)).toBeNull();
    const during = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: polling.tenant.id } });
    expect(during.rerunRequested).toBe(true);
    expect(during.leaseUntil).not.toBeNull();
    release();
    const outcome = await first;

    expect(outcome).not.toBeNull();
    expect(reads).toBe(2);
    expect(mostReading).toBe(1);
    // The rerun read the cancellation: the holder is told without waiting for the next poll.
    const sent = await notices(polling.tenant.id, appointmentId);
    expect(sent.filter((notice) => notice.template === 'cancellation-by-clinic')).toHaveLength(1);
    const after = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: polling.tenant.id } });
    expect(after).toMatchObject({ rerunRequested: false, leaseUntil: null });
  });

  it('a lease left by a runner that died is taken once it has expired, not before', async () => {
    const where = { tenantId: polling.tenant.id };
    await database.clinicSync.update({ where, data: { leaseUntil: new Date(Date.now() + 60_000) } });
    expect(await runClinicSync(polling.sync, polling.tenant)).toBeNull();
    await database.clinicSync.update({ where, data: { leaseUntil: new Date(Date.now() - 1) } });
    expect(await runClinicSync(polling.sync, polling.tenant)).not.toBeNull();
    expect((await database.clinicSync.findUniqueOrThrow({ where })).leaseUntil).toBeNull();
  });
});

describe('the dispatcher', () => {
  const settingsOf = (changes: Partial<Tenant['providerSettings']['changeDetection']>) => ({
    ...polling.tenant.providerSettings,
    changeDetection: { ...polling.tenant.providerSettings.changeDetection, ...changes },
  });
  // Clinics the dispatcher only looks at (it never calls their EHR).
  const bareClinic = (changes: Partial<Tenant['providerSettings']['changeDetection']>) =>
    createTenant(database, {
      slug: uniqueSlug('dispatch'),
      displayName: 'Dispatch',
      timeZone: 'America/Chicago',
      fhirBaseUrl: 'http://127.0.0.1:9/fhir',
      mrnSystem: 'urn:oid:1.2.3.4',
      providerSettings: settingsOf(changes),
    });

  it('claims a due clinic once across replicas and moves its next poll on by its interval', async () => {
    const now = new Date();
    const where = { tenantId: polling.tenant.id };
    await database.clinicSync.update({ where, data: { nextRunAt: new Date(now.getTime() - 1000) } });
    const [one, other] = await Promise.all([claimDueClinics(database, now), claimDueClinics(database, now)]);
    expect([...one, ...other].filter((id) => id === polling.tenant.id)).toHaveLength(1);
    const row = await database.clinicSync.findUniqueOrThrow({ where });
    expect(row.nextRunAt.getTime()).toBe(now.getTime() + 30_000);
    expect(await claimDueClinics(database, new Date(now.getTime() + 29_000))).not.toContain(polling.tenant.id);
    expect(await claimDueClinics(database, new Date(now.getTime() + 30_000))).toContain(polling.tenant.id);
  });

  it('gives a new clinic its row, polls a notifying clinic at the backstop, skips a disabled one', async () => {
    const fresh = await bareClinic({});
    const notifying = await bareClinic({});
    const disabled = await bareClinic({ enabled: false });
    const now = new Date(Date.now() + 1000);
    await claimDueClinics(database, new Date(0));
    expect(await database.clinicSync.count({ where: { tenantId: fresh.id } })).toBe(1);
    await database.clinicSync.update({ where: { tenantId: notifying.id }, data: { source: 'subscription' } });

    const claimed = await claimDueClinics(database, now);
    expect(claimed).toEqual(expect.arrayContaining([fresh.id, notifying.id]));
    expect(claimed).not.toContain(disabled.id);
    const next = async (tenantId: string): Promise<number> =>
      (await database.clinicSync.findUniqueOrThrow({ where: { tenantId } })).nextRunAt.getTime() - now.getTime();
    expect(await next(fresh.id)).toBe(30_000);
    expect(await next(notifying.id)).toBe(300_000);
    expect(await next(disabled.id)).toBe(3_600_000);
  });

  it('queues one run per clinic however often it is asked', async () => {
    const queue = await startQueue(inject('databaseUrl'), 'pgboss_sync_dispatch');
    try {
      await createSyncQueue(queue);
      for (let asked = 0; asked < 3; asked += 1) await queueClinicSync(queue, polling.tenant.id);
      expect(await queue.getQueueSize('sync-clinic')).toBe(1);
    } finally {
      await queue.stop({ graceful: false, wait: true });
    }
  });
});

describe('the last guard before a reminder is sent', () => {
  it('re-checks the appointment in the EHR: a visit cancelled there (not yet synced) gets no reminder', async () => {
    // The notifier as the process builds it (lib/notify/get-notifier.ts), channels to the development outbox.
    const config = parseServerConfig({
      APP_ENV: 'test',
      DATABASE_URL: inject('databaseUrl'),
      NEXTAUTH_SECRET: 'test-only-nextauth-secret-of-32-characters',
    });
    const guarded = createNotifier(config, database, boss);
    const kept = await bookInApp(polling);
    const dropped = await bookInApp(polling);
    const booked = await polling.ehr.getAppointment(dropped);
    await polling.ehr.cancel({ appointmentId: dropped, appointmentVersion: booked.version, reason: '', by: 'clinic' });
    const reminderOf = async (appointmentId: string): Promise<string> => {
      const row = await database.notification.findFirstOrThrow({
        where: { tenantId: polling.tenant.id, appointmentId, template: 'reminder-24h' },
      });
      return row.id;
    };
    for (const appointmentId of [kept, dropped])
      await guarded.deliver({ notificationId: await reminderOf(appointmentId) });
    const status = async (appointmentId: string): Promise<string> =>
      (await database.notification.findUniqueOrThrow({ where: { id: await reminderOf(appointmentId) } })).status;
    expect(await status(kept)).toBe('sent');
    expect(await status(dropped)).toBe('cancelled');
  });
});

describe('an outage mid-sync', () => {
  let proxy: DroppingProxy;
  let down = false;
  let clinic: Clinic;

  beforeAll(async () => {
    // The sync reaches the EHR through a proxy that fails every Slot read while "down".
    clinic = await openClinic('sync-outage');
    const origin = new URL(clinic.tenant.fhirBaseUrl).origin;
    proxy = await startDroppingProxy(origin, (request) => down && request.path.includes('/Slot?'));
    const viaProxy = { ...clinic.tenant, fhirBaseUrl: clinic.tenant.fhirBaseUrl.replace(origin, proxy.origin) };
    const provider = createFhirProvider(viaProxy, {
      budget: new RequestBudget({ requestsPerSecond: 50, concurrency: 4 }),
    });
    clinic.sync = { ...clinic.sync, providerFor: () => provider };
    await runClinicSync(clinic.sync, clinic.tenant);
  }, 120_000);

  afterAll(async () => {
    await proxy.close();
  });

  it('resumes from the cursor after the EHR fails mid-run: nothing lost, nothing twice', async () => {
    const first = await bookInApp(clinic);
    const second = await bookInApp(clinic);
    for (const id of [first, second]) {
      const current = await clinic.ehr.getAppointment(id);
      await clinic.ehr.cancel({ appointmentId: id, appointmentVersion: current.version, reason: '', by: 'clinic' });
    }
    const cursor = (await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } })).cursor;

    down = true;
    await expect(runClinicSync(clinic.sync, clinic.tenant)).rejects.toBeInstanceOf(AppError);
    const failed = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
    const health = await checkHealth(database);
    const status = health.details?.changeDetection.find((item) => item.clinic === clinic.tenant.slug);
    expect(status).toMatchObject({ source: 'poll', lastError: expect.stringMatching(/^unavailable: /) as unknown });
    expect(status?.lastSuccessAt).not.toBeNull();
    expect(status?.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(failed.cursor).toBe(cursor);
    expect(failed.lastError).toMatch(/^unavailable: /);
    expect(failed.leaseUntil).toBeNull();
    for (const id of [first, second])
      expect((await notices(clinic.tenant.id, id)).filter((n) => n.template === 'cancellation-by-clinic')).toEqual([]);

    down = false;
    await runClinicSync(clinic.sync, clinic.tenant);
    await runClinicSync(clinic.sync, clinic.tenant);
    for (const id of [first, second])
      expect((await notices(clinic.tenant.id, id)).filter((n) => n.template === 'cancellation-by-clinic')).toHaveLength(
        1,
      );
    const healthy = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
    expect(healthy.lastError).toBeNull();
    expect(healthy.cursor).not.toBe(cursor);
  });
});

describe('through a Subscription', () => {
  let endpoint: ChangeNotificationEndpoint;
  let clinic: Clinic;
  let workers: SyncWorkers;

  beforeAll(async () => {
    endpoint = await startChangeNotificationEndpoint(database, (tenantId) => queueClinicSync(boss, tenantId));
    clinic = await openClinic('sync-subscription', { useSubscriptions: true, appBaseUrl: endpoint.origin });
    await runClinicSync(clinic.sync, clinic.tenant);
    workers = await startSyncWorkers({ boss, deps: clinic.sync, concurrency: 2, dispatchEveryMs: 3_600_000 });
  }, 120_000);

  afterAll(async () => {
    workers.stop();
    await endpoint.close();
  });

  it('subscribes where the EHR offers Subscriptions', async () => {
    const row = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
    expect(row.source).toBe('subscription');
    expect(row.subscriptionIds).toHaveLength(3);
  });

  it('the clinic cancels a visit: the EHR notifies, and the holder gets one message', async () => {
    const appointmentId = await bookInApp(clinic);
    const booked = await clinic.ehr.getAppointment(appointmentId);
    await clinic.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: '', by: 'clinic' });
    await waitFor(async () =>
      (await notices(clinic.tenant.id, appointmentId)).some((notice) => notice.template === 'cancellation-by-clinic'),
    );
    await waitFor(async () => (await boss.getQueueSize('sync-clinic')) === 0);
    const sent = await notices(clinic.tenant.id, appointmentId);
    expect(sent.filter((notice) => notice.template === 'cancellation-by-clinic')).toHaveLength(1);
  });

  it('refuses an unknown subscription (404) and a wrong secret (401), and does nothing', async () => {
    const row = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
    const base = `${endpoint.origin}/api/sync/notifications`;
    const unknown = await fetch(`${base}/${'0'.repeat(32)}`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(unknown.status).toBe(404);
    const wrong = await fetch(`${base}/${row.notificationKey ?? ''}`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-secret' },
    });
    expect(wrong.status).toBe(401);
    const none = await fetch(`${base}/${row.notificationKey ?? ''}`, { method: 'POST' });
    expect(none.status).toBe(401);
    expect(await boss.getQueueSize('sync-clinic')).toBe(0);
  });

  it('falls back to polling when the EHR turns its Subscriptions off, with nothing lost', async () => {
    const row = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
    const authorization = `Bearer ${await tokenFor(clinic)}`;
    // The clinic's EHR stops notifying (an administrator turned the app's subscriptions off).
    for (const id of row.subscriptionIds) {
      const url = `${clinic.tenant.fhirBaseUrl}/Subscription/${id}`;
      const read = await fetch(url, { headers: { authorization, accept: 'application/fhir+json' } });
      const subscription = (await read.json()) as Record<string, unknown>;
      const off = await fetch(url, {
        method: 'PUT',
        headers: {
          authorization,
          'content-type': 'application/fhir+json',
          'if-match': read.headers.get('etag') ?? '',
        },
        body: JSON.stringify({ ...subscription, status: 'off' }),
      });
      expect(off.status).toBe(200);
    }
    const appointmentId = await bookInApp(clinic);
    const booked = await clinic.ehr.getAppointment(appointmentId);
    await clinic.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: '', by: 'clinic' });
    expect(await notices(clinic.tenant.id, appointmentId)).not.toContainEqual(
      expect.objectContaining({ template: 'cancellation-by-clinic' }),
    );

    // The backstop poll (its check due) finds the subscriptions off, polls from now on, and reads what changed.
    await database.clinicSync.update({
      where: { tenantId: clinic.tenant.id },
      data: { subscriptionsCheckedAt: new Date(Date.now() - 301_000) },
    });
    const before = Date.now();
    await runClinicSync(clinic.sync, clinic.tenant);
    const after = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
    expect(after).toMatchObject({ source: 'poll', subscriptionIds: [], notificationKey: null, lastError: null });
    expect(after.nextRunAt.getTime()).toBeGreaterThanOrEqual(before + 29_000);
    expect(after.nextRunAt.getTime()).toBeLessThanOrEqual(Date.now() + 31_000);
    const sent = await notices(clinic.tenant.id, appointmentId);
    expect(sent.filter((notice) => notice.template === 'cancellation-by-clinic')).toHaveLength(1);
    const stale = await fetch(`${endpoint.origin}/api/sync/notifications/${row.notificationKey ?? ''}`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(stale.status).toBe(404);
  });
});

describe('a clinic whose EHR fails to make its Subscriptions', () => {
  it('is polled instead, with nothing lost, and asks again at its backstop interval until notified', async () => {
    const clinic = await openClinic('sync-subscribe-fails', { useSubscriptions: true });
    // The EHR makes the Subscription but its answer is lost (a gateway fails): the app cannot use it.
    const origin = new URL(clinic.tenant.fhirBaseUrl).origin;
    const proxy = await startDroppingProxy(
      origin,
      (request) => request.method === 'POST' && request.path.includes('/Subscription'),
    );
    try {
      const viaProxy = { ...clinic.tenant, fhirBaseUrl: clinic.tenant.fhirBaseUrl.replace(origin, proxy.origin) };
      const provider = createFhirProvider(viaProxy, {
        budget: new RequestBudget({ requestsPerSecond: 50, concurrency: 4 }),
      });
      const sync: SyncDeps = { ...clinic.sync, providerFor: () => provider };
      expect((await runClinicSync(sync, clinic.tenant))?.initial).toBe(true);
      expect(proxy.dropped()).toBeGreaterThan(0);
      const row = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
      expect(row).toMatchObject({ source: 'poll', subscriptionIds: [], notificationKey: null, lastError: null });
      expect(row.cursor).not.toBeNull();

      const appointmentId = await bookInApp(clinic);
      const booked = await clinic.ehr.getAppointment(appointmentId);
      await clinic.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: '', by: 'clinic' });
      await runClinicSync(sync, clinic.tenant);
      const sent = await notices(clinic.tenant.id, appointmentId);
      expect(sent.filter((notice) => notice.template === 'cancellation-by-clinic')).toHaveLength(1);
      expect((await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } })).source).toBe(
        'poll',
      );

      // The gateway works again; at the next backstop interval the clinic asks again and is notified.
      await database.clinicSync.update({
        where: { tenantId: clinic.tenant.id },
        data: { subscriptionsCheckedAt: new Date(Date.now() - 301_000) },
      });
      await runClinicSync(clinic.sync, clinic.tenant);
      const again = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
      expect(again.source).toBe('subscription');
      expect(again.subscriptionIds.length).toBeGreaterThan(0);
      expect(again.notificationKey).not.toBeNull();
      expect(again.lastError).toBeNull();
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe('a flood of changes in one clinic', () => {
  // 1,000 changes here to keep the run short; `npm run bench:sync` floods with 10,000.
  const FLOOD = 1000;

  it('delays neither another clinic’s sync nor one-time codes', async () => {
    const flooded = await openClinic('sync-flood', { requestsPerSecond: 2 });
    const calm = await openClinic('sync-calm');
    for (const clinic of [flooded, calm]) await runClinicSync(clinic.sync, clinic.tenant);
    await floodSlots(flooded.ehrDatabaseUrl, flooded.partition, { count: FLOOD, from: `${startDate}T06:00:00Z` });
    const appointmentId = await bookInApp(calm);
    const booked = await calm.ehr.getAppointment(appointmentId);
    await calm.ehr.cancel({ appointmentId, appointmentVersion: booked.version, reason: '', by: 'clinic' });

    const floodBoss = await startQueue(inject('databaseUrl'), 'pgboss_sync_flood');
    const floodNotifier = outboxNotifier(database, floodBoss);
    await floodNotifier.work();
    const providers = new Map(
      [flooded, calm].map((clinic) => [clinic.tenant.id, clinic.sync.providerFor(clinic.tenant)]),
    );
    const workers = await startSyncWorkers({
      boss: floodBoss,
      deps: {
        ...calm.sync,
        notifier: floodNotifier,
        providerFor: (tenant) => providers.get(tenant.id) ?? calm.ehr,
      },
      concurrency: 2,
      dispatchEveryMs: 3_600_000,
    });
    try {
      await queueClinicSync(floodBoss, flooded.tenant.id);
      await waitFor(async () =>
        Boolean((await database.clinicSync.findUniqueOrThrow({ where: { tenantId: flooded.tenant.id } })).leaseUntil),
      );
      await queueClinicSync(floodBoss, calm.tenant.id);
      const { notificationId } = await floodNotifier.sendOtp({
        tenant: calm.tenant,
        contact: { kind: 'sms', value: DEMO_PATIENTS.adult.phone },
        code: '246810',
        minutes: 10,
        locale: 'en',
        idempotencyKey: `otp-flood-${crypto.randomUUID()}`,
      });
      await waitFor(async () =>
        (await notices(calm.tenant.id, appointmentId)).some((notice) => notice.template === 'cancellation-by-clinic'),
      );
      await waitFor(
        async () =>
          (await database.notification.findUniqueOrThrow({ where: { id: notificationId } })).status === 'sent',
      );
      // Both done while the flooded clinic is still reading its changes.
      const floodedNow = await database.clinicSync.findUniqueOrThrow({ where: { tenantId: flooded.tenant.id } });
      expect(floodedNow.leaseUntil).not.toBeNull();
      await waitFor(
        async () =>
          (await database.clinicSync.findUniqueOrThrow({ where: { tenantId: flooded.tenant.id } })).leaseUntil === null,
        60_000,
      );
      const opened = await database.schedulingEvent.count({
        where: { tenantId: flooded.tenant.id, type: 'slot-opened', resourceId: { startsWith: 'flood-' } },
      });
      expect(opened).toBe(FLOOD);
    } finally {
      workers.stop();
      await floodBoss.stop({ graceful: false, wait: true });
    }
  }, 90_000);
});
