import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PatientActor } from '@/lib/booking/booking-deps';
import { AppError } from '@/lib/errors';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { Appointment, Location, PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { checkInByGeofence } from './check-in-by-geofence';
import { checkInByPoster } from './check-in-by-poster';
import type { CheckInDeps, StaffActor } from './check-in-deps';
import { getDeskBoard } from './get-desk-board';
import { getLobbyPoster, rotateLobbyPoster } from './lobby-poster-admin';
import { updateCheckInSettings } from './update-check-in-settings';
import { getTenantById } from '@/lib/tenancy/get-tenant';
import { outcomeCode } from '@/lib/testing/error-code';
import { rotatePosterKey, signPosterLink, type PosterLink } from './lobby-poster';
import { updateDeskStatus } from './update-desk-status';

const database = testDatabase();
let sandbox: TestFhirSandbox;
let boss: PgBoss;
let tenant: Tenant;
let deps: CheckInDeps;
let clock = new Date('2031-06-02T12:00:00Z');
let guardian: PatientSummary;
let child: PatientSummary;
let adult: PatientSummary;
let actor: PatientActor;
let locations: Location[];
const used = new Set<string>();

/** Books a free slot of the service (at a location, on or after `after`) straight through the provider. */
async function appointmentFor(
  patient: PatientSummary,
  options: { service?: string; locationId?: string; after?: string } = {},
): Promise<Appointment> {
  const page = await deps.provider.searchFreeSlots({
    serviceCode: options.service ?? 'primary-care',
    from: options.after ?? '2031-06-02T14:00:00.000Z',
    to: '2031-06-09T00:00:00.000Z',
    pageSize: 200,
  });
  const slot = page.items.find(
    (candidate) => !used.has(candidate.id) && (!options.locationId || candidate.locationId === options.locationId),
  );
  if (!slot) throw new Error('no free slot');
  used.add(slot.id);
  return deps.provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: patient.id });
}

function position(
  location: Location,
  northMeters: number,
  accuracy: number,
): { latitude: number; longitude: number; accuracy: number } {
  if (!location.position) throw new Error('location without position');
  return {
    latitude: location.position.latitude + northMeters / 111_195,
    longitude: location.position.longitude,
    accuracy,
  };
}

function locationOf(appointment: Appointment): Location {
  const location = locations.find((candidate) => candidate.id === appointment.locationId);
  if (!location) throw new Error('appointment without location');
  return location;
}

function tenMinutesBefore(appointment: Appointment): Date {
  return new Date(new Date(appointment.start).getTime() - 10 * 60_000);
}

/** The call fails with `code` and `reason`, leaves a denied audit entry, and the EHR appointment is untouched. */
async function expectRefused(
  call: () => Promise<unknown>,
  expected: { code: string; reason: string; appointment?: Appointment },
): Promise<AppError> {
  const before = expected.appointment ? await deps.provider.getAppointment(expected.appointment.id) : null;
  const startedAt = new Date();
  const error = await call().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, reason: appError.details?.reason }).toEqual({
    code: expected.code,
    reason: expected.reason,
  });
  expect(appError.message).toMatch(/\w+ \w+/);
  const audit = await database.auditEvent.findMany({
    where: {
      tenantId: tenant.id,
      action: 'appointment.check_in',
      outcome: 'denied',
      occurredAt: { gte: new Date(startedAt.getTime() - 5) },
    },
  });
  expect(audit.map((entry) => (entry.detail as { reason?: string }).reason)).toContain(expected.reason);
  if (before && expected.appointment) {
    const after = await deps.provider.getAppointment(expected.appointment.id);
    expect({ status: after.status, version: after.version }).toEqual({
      status: before.status,
      version: before.version,
    });
    expect(
      await database.checkIn.count({ where: { tenantId: tenant.id, appointmentId: expected.appointment.id } }),
    ).toBe(0);
  }
  return appError;
}

function tampered(link: PosterLink): PosterLink {
  const first = link.signature.startsWith('A') ? 'B' : 'A';
  return { ...link, signature: `${first}${link.signature.slice(1)}` };
}

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'checkin',
    seed: { days: 7, practitioners: 8, patients: 10 },
    tenant: {
      providerSettings: {
        kind: 'fhir',
        mrnAssignment: 'app-check-digit',
        requestTimeoutMs: 8000,
        serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
      },
    },
  }));
  boss = await startQueue(inject('databaseUrl'), 'pgboss_checkin_test');
  const notifier = outboxNotifier(database, boss);
  deps = {
    database,
    provider: createFhirProvider(tenant),
    notifier,
    appBaseUrl: 'https://arrive.example',
    now: () => clock,
  };
  const found = await Promise.all([
    deps.provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.dependents[0].mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn),
  ]);
  if (!found[0] || !found[1] || !found[2]) throw new Error('fixture patients missing');
  [guardian, child, adult] = found;
  locations = await deps.provider.listLocations();
  actor = {
    tenant,
    accountId: 'account-guardian',
    patientId: guardian.id,
    locale: 'en',
    origin: { requestId: 'req-checkin-01' },
  };
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await sandbox.close();
});

describe('checking in from the phone', () => {
  it(
    'checks a guardian’s child in from inside the ' +
      'radius: EHR arrived, CheckIn row, desk event, audit, confirmation',
    async () => {
      const appointment = await appointmentFor(child, { service: 'pediatrics' });
      const location = locationOf(appointment);
      clock = tenMinutesBefore(appointment);
      const result = await checkInByGeofence(deps, actor, {
        appointmentId: appointment.id,
        ...position(location, 120, 40),
      });
      expect(result).toMatchObject({ outcome: 'checked_in', status: 'arrived', appointmentId: appointment.id });
      expect((await deps.provider.getAppointment(appointment.id)).status).toBe('arrived');
      const row = await database.checkIn.findUnique({
        where: { tenantId_appointmentId: { tenantId: tenant.id, appointmentId: appointment.id } },
      });
      expect(row).toMatchObject({
        method: 'geofence',
        locationId: location.id,
        accuracyMeters: 40,
        actorType: 'patient',
        actorId: 'account-guardian',
      });
      expect(row?.distanceMeters).toBeGreaterThanOrEqual(115);
      expect(row?.distanceMeters).toBeLessThanOrEqual(125);
      expect(
        await database.deskEvent.findMany({
          where: { tenantId: tenant.id, appointmentId: appointment.id },
          select: { status: true, method: true, locationId: true },
        }),
      ).toEqual([{ status: 'arrived', method: 'geofence', locationId: location.id }]);
      expect(
        await database.auditEvent.findFirst({
          where: { tenantId: tenant.id, action: 'appointment.check_in', outcome: 'success', patientId: child.id },
        }),
      ).toMatchObject({ actorType: 'patient', requestId: 'req-checkin-01' });
      const notices = await database.notification.findMany({
        where: { tenantId: tenant.id, appointmentId: appointment.id, template: 'check-in-confirmation' },
      });
      expect(notices.map((notice) => notice.recipient)).toEqual(['+13125550101']);

      // Idempotent: a second tap says "already checked in" and changes nothing.
      const again = await checkInByGeofence(deps, actor, {
        appointmentId: appointment.id,
        ...position(location, 120, 40),
      });
      expect(again).toMatchObject({ outcome: 'already_checked_in', status: 'arrived' });
      expect(again.message).toContain('already checked in');
      expect(await database.deskEvent.count({ where: { tenantId: tenant.id, appointmentId: appointment.id } })).toBe(1);
      expect(
        await database.notification.count({
          where: { tenantId: tenant.id, appointmentId: appointment.id, template: 'check-in-confirmation' },
        }),
      ).toBe(1);
    },
  );

  it('counts the reported accuracy in the patient’s favour, up to the cap', async () => {
    const appointment = await appointmentFor(guardian);
    const location = locationOf(appointment);
    clock = tenMinutesBefore(appointment);
    // 300 m away: outside the 175 m radius, inside 175 + 140 m of accuracy.
    expect(
      await checkInByGeofence(deps, actor, { appointmentId: appointment.id, ...position(location, 300, 140) }),
    ).toMatchObject({ outcome: 'checked_in' });
  });

  it('refuses bad coordinates and accuracies with a clear message, an audit entry and no EHR change', async () => {
    const appointment = await appointmentFor(guardian);
    const location = locationOf(appointment);
    clock = tenMinutesBefore(appointment);
    const near = position(location, 50, 20);
    for (const bad of [
      { ...near, latitude: Number.NaN },
      { ...near, latitude: null },
      { ...near, latitude: 91 },
      { ...near, longitude: -180.5 },
      { ...near, accuracy: 0 },
      { ...near, accuracy: Number.POSITIVE_INFINITY },
    ]) {
      await expectRefused(() => checkInByGeofence(deps, actor, { appointmentId: appointment.id, ...bad }), {
        code: 'invalid_input',
        reason: 'invalid_position',
        appointment,
      });
    }
    const vague = await expectRefused(
      () => checkInByGeofence(deps, actor, { appointmentId: appointment.id, ...near, accuracy: 50_000 }),
      { code: 'invalid_input', reason: 'poor_accuracy', appointment },
    );
    expect(vague.message).toContain('within 50 km');
  });

  it('refuses a position outside the radius and says how far', async () => {
    const appointment = await appointmentFor(guardian);
    clock = tenMinutesBefore(appointment);
    const error = await expectRefused(
      () =>
        checkInByGeofence(deps, actor, {
          appointmentId: appointment.id,
          ...position(locationOf(appointment), 2400, 30),
        }),
      { code: 'invalid_input', reason: 'too_far', appointment },
    );
    expect(error.message).toMatch(/You seem to be 2\.4 km from Lakeside Community Health/);
    expect({ reason: error.reason, params: error.params }).toMatchObject({
      reason: 'checkIn.tooFar',
      params: { location: expect.stringMatching(/^Lakeside Community Health/) as unknown },
    });
    expect(error.messageIn('es')).toMatch(/^Parece que está a 2,4 km de Lakeside Community Health/);
    expect(error.messageIn('zh')).toMatch(/^您似乎距离Lakeside Community Health.* 2\.4公里。/);
    expect(Number(error.details?.distanceMeters)).toBeGreaterThan(2300);
  });

  it('refuses tomorrow’s appointment, one outside the window, and another patient’s (as not found)', async () => {
    const tomorrow = await appointmentFor(guardian, { after: '2031-06-04T14:00:00.000Z' });
    clock = new Date(new Date(tomorrow.start).getTime() - 24 * 3_600_000);
    await expectRefused(
      () => checkInByGeofence(deps, actor, { appointmentId: tomorrow.id, ...position(locationOf(tomorrow), 10, 10) }),
      { code: 'invalid_input', reason: 'not_today', appointment: tomorrow },
    );
    clock = new Date(new Date(tomorrow.start).getTime() - 3 * 3_600_000);
    const early = await expectRefused(
      () => checkInByGeofence(deps, actor, { appointmentId: tomorrow.id, ...position(locationOf(tomorrow), 10, 10) }),
      { code: 'invalid_input', reason: 'too_early', appointment: tomorrow },
    );
    expect(early.message).toMatch(/Check-in opens at \d{1,2}:\d{2} [AP]M\./);
    expect(early.reason).toBe('checkIn.tooEarly');
    expect(early.messageIn('es')).toMatch(/El registro abre a las \d{1,2}:\d{2}\.$/);
    clock = new Date(new Date(tomorrow.start).getTime() + 20 * 60_000);
    await expectRefused(
      () => checkInByGeofence(deps, actor, { appointmentId: tomorrow.id, ...position(locationOf(tomorrow), 10, 10) }),
      { code: 'invalid_input', reason: 'too_late', appointment: tomorrow },
    );

    const someoneElse = await appointmentFor(adult);
    clock = tenMinutesBefore(someoneElse);
    await expectRefused(
      () =>
        checkInByGeofence(deps, actor, { appointmentId: someoneElse.id, ...position(locationOf(someoneElse), 10, 10) }),
      { code: 'not_found', reason: 'not_found', appointment: someoneElse },
    );
    await expectRefused(
      () =>
        checkInByGeofence(deps, actor, {
          appointmentId: 'no-such-appointment',
          ...position(locationOf(someoneElse), 10, 10),
        }),
      { code: 'not_found', reason: 'not_found' },
    );
  });
});

describe('checking in with the lobby poster', () => {
  it(
    'checks in the patient’s and the child’s appointments ' + 'at that location in the window, without a position',
    async () => {
      const page = await deps.provider.searchFreeSlots({
        serviceCode: 'pediatrics',
        from: '2031-06-05T14:00:00.000Z',
        to: '2031-06-06T00:00:00.000Z',
        pageSize: 200,
      });
      const first = page.items.find((slot) => !used.has(slot.id));
      const second = page.items.find(
        (slot) =>
          slot.id !== first?.id &&
          !used.has(slot.id) &&
          slot.locationId === first?.locationId &&
          slot.start > (first?.start ?? '') &&
          new Date(slot.start).getTime() - new Date(first?.start ?? 0).getTime() <= 45 * 60_000,
      );
      if (!first || !second) throw new Error('fixture: no two nearby slots');
      used.add(first.id).add(second.id);
      const own = await deps.provider.book({ slotId: first.id, slotVersion: first.version, patientId: guardian.id });
      const childs = await deps.provider.book({ slotId: second.id, slotVersion: second.version, patientId: child.id });
      clock = new Date(new Date(first.start).getTime() + 5 * 60_000);
      const link = await signPosterLink(database, {
        tenantId: tenant.id,
        locationId: own.locationId ?? '',
        now: clock,
      });
      const { results } = await checkInByPoster(deps, actor, { link });
      expect(results.map((result) => [result.appointmentId, result.outcome]).sort()).toEqual(
        [
          [childs.id, 'checked_in'],
          [own.id, 'checked_in'],
        ].sort(),
      );
      for (const id of [own.id, childs.id]) {
        expect((await deps.provider.getAppointment(id)).status).toBe('arrived');
        expect((await database.checkIn.findFirst({ where: { tenantId: tenant.id, appointmentId: id } }))?.method).toBe(
          'qr',
        );
      }
      const again = await checkInByPoster(deps, actor, { link });
      expect(again.results.every((result) => result.outcome === 'already_checked_in')).toBe(true);
    },
  );

  it('refuses a tampered, expired or rotated poster, and a poster of another location', async () => {
    const appointment = await appointmentFor(guardian, { after: '2031-06-06T14:00:00.000Z' });
    clock = tenMinutesBefore(appointment);
    const locationId = appointment.locationId ?? '';
    const link = await signPosterLink(database, { tenantId: tenant.id, locationId, now: clock });
    await expectRefused(() => checkInByPoster(deps, actor, { link: tampered(link) }), {
      code: 'invalid_input',
      reason: 'poster_invalid',
      appointment,
    });
    await expectRefused(() => checkInByPoster(deps, actor, { link: { ...link, expires: link.expires + 60 } }), {
      code: 'invalid_input',
      reason: 'poster_invalid',
      appointment,
    });
    const old = await signPosterLink(database, {
      tenantId: tenant.id,
      locationId,
      now: new Date(clock.getTime() - 400 * 86_400_000),
    });
    await expectRefused(() => checkInByPoster(deps, actor, { link: old }), {
      code: 'invalid_input',
      reason: 'poster_expired',
      appointment,
    });

    const other = locations.find((location) => location.id !== locationId);
    if (!other) throw new Error('one location only');
    const otherLink = await signPosterLink(database, { tenantId: tenant.id, locationId: other.id, now: clock });
    const wrong = await expectRefused(
      () => checkInByPoster(deps, actor, { link: otherLink, appointmentId: appointment.id }),
      { code: 'invalid_input', reason: 'wrong_location', appointment },
    );
    expect(wrong.message).toContain(`This poster is for ${other.name}`);
    await expectRefused(() => checkInByPoster(deps, actor, { link: otherLink }), {
      code: 'invalid_input',
      reason: 'wrong_location',
      appointment,
    });

    await rotatePosterKey(database, { tenantId: tenant.id, locationId, now: clock });
    await expectRefused(() => checkInByPoster(deps, actor, { link }), {
      code: 'invalid_input',
      reason: 'poster_rotated',
      appointment,
    });
  });
});

describe('the front desk', () => {
  it('checks in by hand, marks checked-in and no-show, and sees its locations only on the board', async () => {
    const arriving = await appointmentFor(adult, { after: '2031-06-03T14:00:00.000Z' });
    const missing = await appointmentFor(adult, { locationId: arriving.locationId ?? '', after: arriving.end });
    clock = tenMinutesBefore(arriving);
    const clerk: StaffActor = {
      tenant,
      staffId: 'staff-here',
      role: 'front_desk',
      locationIds: [arriving.locationId ?? ''],
      locale: 'en',
      origin: { requestId: 'req-desk-1' },
    };

    expect(await updateDeskStatus(deps, clerk, { appointmentId: arriving.id, action: 'arrive' })).toMatchObject({
      status: 'arrived',
      changed: true,
    });
    expect(
      await database.checkIn.findFirst({ where: { tenantId: tenant.id, appointmentId: arriving.id } }),
    ).toMatchObject({ method: 'desk', actorType: 'staff', actorId: 'staff-here' });
    expect(await updateDeskStatus(deps, clerk, { appointmentId: arriving.id, action: 'check-in' })).toMatchObject({
      status: 'checked-in',
      changed: true,
    });
    expect((await deps.provider.getAppointment(arriving.id)).status).toBe('checked-in');
    expect(await updateDeskStatus(deps, clerk, { appointmentId: arriving.id, action: 'check-in' })).toMatchObject({
      changed: false,
    });
    expect(await updateDeskStatus(deps, clerk, { appointmentId: missing.id, action: 'noshow' })).toMatchObject({
      status: 'noshow',
      changed: true,
    });
    expect(
      (
        await database.deskEvent.findMany({
          where: { tenantId: tenant.id, appointmentId: { in: [arriving.id, missing.id] } },
          orderBy: { id: 'asc' },
        })
      ).map((event) => event.status),
    ).toEqual(['arrived', 'checked-in', 'noshow']);

    const board = await getDeskBoard(deps, clerk);
    expect(board.locations.map((location) => location.id)).toEqual([arriving.locationId]);
    const row = board.locations[0]?.rows.find((candidate) => candidate.appointmentId === arriving.id);
    expect(row).toMatchObject({
      patientName: 'James Carter',
      age: 55,
      status: 'checked-in',
      checkIn: { method: 'desk' },
    });
    expect(row?.timeLabel).toMatch(/^\d{1,2}:\d{2}\s[AP]M$/);
  });

  it('answers another location’s appointment as not found (no location named), audited, nothing changed', async () => {
    const appointment = await appointmentFor(adult, { after: '2031-06-03T18:00:00.000Z' });
    clock = tenMinutesBefore(appointment);
    const elsewhere = locations.find((location) => location.id !== appointment.locationId);
    const clerk: StaffActor = {
      tenant,
      staffId: 'staff-elsewhere',
      role: 'front_desk',
      locationIds: [elsewhere?.id ?? ''],
      locale: 'en',
      origin: {},
    };
    const unknown = await updateDeskStatus(deps, clerk, {
      appointmentId: 'no-such-appointment',
      action: 'noshow',
    }).then(
      () => null,
      (caught: unknown) => caught as AppError,
    );
    for (const action of ['arrive', 'check-in', 'noshow', 'undo-noshow'] as const) {
      const startedAt = new Date();
      const error = await updateDeskStatus(deps, clerk, { appointmentId: appointment.id, action }).then(
        () => null,
        (caught: unknown) => caught as AppError,
      );
      expect(error).toBeInstanceOf(AppError);
      // Exactly the answer for an appointment that does not exist: nothing tells the clerk it is elsewhere.
      expect({ code: error?.code, message: error?.message, details: error?.details }).toEqual({
        code: unknown?.code,
        message: unknown?.message,
        details: unknown?.details,
      });
      expect(error?.code).toBe('not_found');
      const location = locationOf(appointment);
      expect(error?.message).not.toContain(location.name);
      const audit = await database.auditEvent.findMany({
        where: {
          tenantId: tenant.id,
          actorId: 'staff-elsewhere',
          occurredAt: { gte: new Date(startedAt.getTime() - 5) },
        },
      });
      expect(audit.map((entry) => [entry.outcome, (entry.detail as { reason?: string }).reason])).toContainEqual([
        'denied',
        'other_location',
      ]);
    }
    expect((await deps.provider.getAppointment(appointment.id)).status).toBe('booked');
  });

  it('changes only the clinic day’s appointments, and undoes a no-show the same day', async () => {
    const today = await appointmentFor(child, { after: '2031-06-04T14:00:00.000Z' });
    const later = await appointmentFor(child, { after: '2031-06-06T14:00:00.000Z' });
    clock = new Date(new Date(today.start).getTime() + 30 * 60_000);
    const clerk: StaffActor = {
      tenant,
      staffId: 'staff-day',
      role: 'front_desk',
      locationIds: [],
      locale: 'es',
      origin: {},
    };
    // A visit two days ahead cannot be marked no-show (or arrived, or checked in) from the desk.
    for (const action of ['noshow', 'arrive', 'check-in'] as const) {
      const error = await expectRefused(() => updateDeskStatus(deps, clerk, { appointmentId: later.id, action }), {
        code: 'invalid_input',
        reason: 'not_today',
        appointment: later,
      });
      expect(error.message).toBe(
        `Only today’s appointments can be changed at the desk; this one is on ${later.start.slice(0, 10)}.`,
      );
    }

    expect(await updateDeskStatus(deps, clerk, { appointmentId: today.id, action: 'noshow' })).toMatchObject({
      status: 'noshow',
      changed: true,
      message: 'Marcado como no presentado.',
    });
    expect(await updateDeskStatus(deps, clerk, { appointmentId: today.id, action: 'undo-noshow' })).toMatchObject({
      status: 'booked',
      changed: true,
    });
    expect((await deps.provider.getAppointment(today.id)).status).toBe('booked');
    expect(
      (
        await database.deskEvent.findMany({
          where: { tenantId: tenant.id, appointmentId: today.id },
          orderBy: { id: 'asc' },
        })
      ).map((event) => event.status),
    ).toEqual(['noshow', 'booked']);
    expect(
      (
        await database.auditEvent.findMany({
          where: { tenantId: tenant.id, actorId: 'staff-day', outcome: 'success' },
          orderBy: { id: 'asc' },
        })
      ).map((entry) => entry.action),
    ).toEqual(['appointment.noshow', 'appointment.noshow_undone']);
    // Undo is only for a no-show; and the next day the no-show stands.
    await updateDeskStatus(deps, clerk, { appointmentId: today.id, action: 'noshow' });
    clock = new Date(new Date(today.start).getTime() + 26 * 3_600_000);
    await expectRefused(() => updateDeskStatus(deps, clerk, { appointmentId: today.id, action: 'undo-noshow' }), {
      code: 'invalid_input',
      reason: 'not_today',
    });
    expect((await deps.provider.getAppointment(today.id)).status).toBe('noshow');
  });
});

describe('administration', () => {
  it('lets an administrator change the rules per location, and nobody else', async () => {
    const locationId = locations[0]?.id ?? '';
    const adminActor: StaffActor = {
      tenant,
      staffId: 'staff-admin',
      role: 'admin',
      locationIds: [],
      locale: 'en',
      origin: {},
    };
    const clerk: StaffActor = { ...adminActor, staffId: 'staff-clerk', role: 'front_desk' };
    const settings = {
      radiusMeters: 200,
      accuracyCapMeters: 100,
      windowBeforeMinutes: 45,
      windowAfterMinutes: 10,
      locations: { [locationId]: { radiusMeters: 400 }, empty: {} },
    };
    expect(await outcomeCode(updateCheckInSettings(database, clerk, settings))).toBe('forbidden');
    expect(await outcomeCode(updateCheckInSettings(database, adminActor, { ...settings, radiusMeters: 1 }))).toBe(
      'invalid_input',
    );
    await updateCheckInSettings(database, adminActor, settings);
    const saved = await getTenantById(database, tenant.id);
    expect(saved?.checkInSettings).toEqual({
      radiusMeters: 200,
      accuracyCapMeters: 100,
      windowBeforeMinutes: 45,
      windowAfterMinutes: 10,
      locations: { [locationId]: { radiusMeters: 400 } },
    });
    expect(
      await database.auditEvent.count({
        where: { tenantId: tenant.id, action: 'checkin.settings_update', actorId: 'staff-admin' },
      }),
    ).toBe(1);
  });

  it(
    'prints a poster whose link checks in at that location, and ' +
      'rotating it voids the old one; front desk may do neither',
    async () => {
      const location = locations[0];
      if (!location) throw new Error('no location');
      const adminActor: StaffActor = {
        tenant,
        staffId: 'staff-admin',
        role: 'admin',
        locationIds: [],
        locale: 'en',
        origin: {},
      };
      const clerk: StaffActor = { ...adminActor, role: 'front_desk' };
      expect(await outcomeCode(getLobbyPoster(deps, clerk, location.id))).toBe('forbidden');
      expect(await outcomeCode(rotateLobbyPoster(deps, clerk, location.id))).toBe('forbidden');
      expect(await outcomeCode(getLobbyPoster(deps, adminActor, 'no-such-location'))).toBe('not_found');
      const poster = await getLobbyPoster(deps, adminActor, location.id);
      expect(poster.url).toMatch(
        new RegExp(
          `^https://arrive\\.example/${tenant.slug}/arrive/${location.id}\\?k=[0-9a-f-]{36}&e=\\d+&s=[\\w-]+$`,
        ),
      );
      expect(poster.qrSvg).toContain('<svg');
      await rotateLobbyPoster(deps, adminActor, location.id);
      const fresh = await getLobbyPoster(deps, adminActor, location.id);
      expect(fresh.url).not.toBe(poster.url);
    },
  );
});
