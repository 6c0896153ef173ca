import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bookAppointment } from '@/lib/booking/book-appointment';
import type { BookingDeps, PatientActor } from '@/lib/booking/booking-deps';
import { cancelAppointment } from '@/lib/booking/cancel-appointment';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { PatientSummary, Slot } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { appErrorOf } from '@/lib/testing/error-code';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { acceptOffer, viewOffer } from './accept-offer';
import { joinWaitlist } from './join-waitlist';
import { getWaitlistFigures, median } from './get-waitlist-figures';
import { leaveWaitlist } from './leave-waitlist';
import { listWaitlistEntries } from './list-waitlist-entries';
import { offerFreedSlot } from './offer-freed-slot';
import type { WaitlistDeps } from './waitlist-deps';

const database = testDatabase();
const now = new Date('2031-06-01T12:00:00Z');
let sandbox: TestFhirSandbox;
let boss: PgBoss;
let tenant: Tenant;
let deps: WaitlistDeps;
let guardian: PatientSummary;
let adult: PatientSummary;
let child: PatientSummary;
let guardianActor: PatientActor;
let adultActor: PatientActor;
const used = new Set<string>();
const origin = { ip: '203.0.113.9', requestId: 'req-waitlist-01' };

async function freeSlot(after: string, serviceCode = 'primary-care'): Promise<Slot> {
  const page = await deps.provider.searchFreeSlots({
    serviceCode,
    from: after,
    to: '2031-06-06T00:00:00.000Z',
    pageSize: 100,
  });
  const slot = page.items.find((candidate) => !used.has(candidate.id));
  if (!slot) throw new Error('no free slot');
  used.add(slot.id);
  return slot;
}

/** The actor books `slot` for the person (a new idempotency key each time). */
function book(actor: PatientActor, forPatientId: string, slot: Slot): ReturnType<typeof bookAppointment> {
  return bookAppointment(deps, actor, {
    forPatientId,
    slotId: slot.id,
    slotVersion: slot.version,
    idempotencyKey: `k-${crypto.randomUUID()}`,
  });
}

async function account(patientId: string): Promise<string> {
  const row = await database.patientAccount.create({
    data: { tenantId: tenant.id, providerPatientId: patientId, preferredLocale: 'en', preferredChannel: 'sms' },
  });
  return row.id;
}

/** The offer link's token from the message queued for it (the only place the token exists). */
async function offerTokens(slotId: string): Promise<string[]> {
  const offers = await database.waitlistOffer.findMany({ where: { tenantId: tenant.id, slotId } });
  const messages = await database.notification.findMany({
    where: { tenantId: tenant.id, idempotencyKey: { in: offers.map((offer) => `waitlist-offer:${offer.id}`) } },
  });
  return messages.map((message) => /offer#([\w-]+)/.exec(message.textBody)?.[1] ?? '');
}

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'waitlist',
    seed: { days: 7, practitioners: 6, patients: 12 },
    tenant: {
      contactPhone: '(312) 555-0142',
      providerSettings: {
        kind: 'fhir',
        mrnAssignment: 'app-check-digit',
        requestTimeoutMs: 8000,
        serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
      },
      bookingRules: {
        minimumNoticeMinutes: 120,
        horizonDays: 5,
        cancellationCutoffHours: 24,
        maxUpcomingPerService: 50,
        adultAge: 18,
        ageRestrictedServices: { pediatrics: 'minors' },
        allowAdultDependents: false,
      },
      notificationSettings: { defaultCountry: 'US', quietHours: { start: '00:00', end: '00:00' } },
      waitlistSettings: { enabled: true, groupSize: 2, pauseMinutes: 15, offerMinutes: 60, stopBeforeMinutes: 120 },
    },
  }));
  boss = await startQueue(inject('databaseUrl'), 'pgboss_waitlist_test');
  const base: BookingDeps = {
    database,
    provider: createFhirProvider(tenant),
    notifier: outboxNotifier(database, boss),
    appBaseUrl: 'https://book.example',
    now: () => now,
  };
  deps = {
    ...base,
    onSlotsFreed: async (clinic, slotIds) => {
      for (const slotId of slotIds) await offerFreedSlot(deps, clinic, { slotId });
    },
  };
  const found = await Promise.all([
    deps.provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn),
    deps.provider.findPatientByMrn(DEMO_PATIENTS.dependents[0].mrn),
  ]);
  if (!found[0] || !found[1] || !found[2]) throw new Error('fixture patients missing');
  [guardian, adult, child] = found;
  guardianActor = { tenant, accountId: await account(guardian.id), patientId: guardian.id, locale: 'en', origin };
  adultActor = { tenant, accountId: await account(adult.id), patientId: adult.id, locale: 'en', origin };
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await sandbox.close();
});

describe('earlier-slot offers', () => {
  it('offers a slot another patient cancels to the guardian waiting for her child; one tap moves it', async () => {
    const later = await freeSlot('2031-06-05T00:00:00.000Z');
    const { appointment: visit } = await book(guardianActor, child.id, later);
    await joinWaitlist(deps, guardianActor, { forPatientId: child.id, appointmentId: visit.id });
    const early = await freeSlot('2031-06-03T00:00:00.000Z');
    const { appointment: theirs } = await book(adultActor, adult.id, early);
    await cancelAppointment(deps, adultActor, { appointmentId: theirs.id });

    const [token] = await offerTokens(early.id);
    expect(token).toMatch(/\S{20,}/);
    expect(await viewOffer(deps, tenant, { token: token ?? '', locale: 'en' })).toMatchObject({
      status: 'open',
      moving: true,
    });
    const { appointment } = await acceptOffer(deps, tenant, { token: token ?? '', origin });
    expect(appointment.id).toBe(visit.id);
    expect(appointment.start).toBe(early.start);
    expect((await deps.provider.getAppointment(visit.id)).slotIds).toEqual([early.id]);
    expect((await deps.provider.getSlot(later.id)).status).toBe('free');
    const offer = await database.waitlistOffer.findFirstOrThrow({ where: { tenantId: tenant.id, slotId: early.id } });
    expect(offer.status).toBe('accepted');
    expect(offer.daysSooner).toBeGreaterThan(1);
    // The link used twice: a clear answer, nothing changed.
    const again = await appErrorOf(acceptOffer(deps, tenant, { token: token ?? '', origin }));
    expect(again.reason).toBe('waitlist.offerUsed');
    const audits = await database.auditEvent.findMany({ where: { tenantId: tenant.id, action: 'waitlist.accept' } });
    expect(audits.map((row) => row.outcome).sort()).toEqual(['denied', 'success']);
  }, 60_000);

  it('two patients accepting the same slot at once: exactly one booking, the other told it is gone', async () => {
    const slot = await freeSlot('2031-06-04T00:00:00.000Z');
    const range = { serviceCode: 'primary-care', earliest: '2031-06-04T00:00:00Z', latest: '2031-06-05T00:00:00Z' };
    await joinWaitlist(deps, adultActor, { forPatientId: adult.id, ...range });
    await joinWaitlist(deps, guardianActor, { forPatientId: guardian.id, ...range });
    const round = await offerFreedSlot(deps, tenant, { slotId: slot.id });
    expect(round.offered).toBe(2);
    const tokens = await offerTokens(slot.id);
    const results = await Promise.allSettled(tokens.map((token) => acceptOffer(deps, tenant, { token, origin })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ reason: 'waitlist.offerGone' });
    const booked = await deps.provider.listAppointments({
      patientIds: [adult.id, guardian.id],
      from: slot.start,
      to: slot.end,
    });
    expect(booked.filter((item) => item.status === 'booked' && item.slotIds.includes(slot.id))).toHaveLength(1);
    const gone = await database.waitlistOffer.findMany({
      where: { tenantId: tenant.id, slotId: slot.id, status: 'gone' },
    });
    expect(gone).toHaveLength(1);
    const told = await database.notification.count({
      where: { tenantId: tenant.id, template: 'waitlist-offer-gone' },
    });
    expect(told).toBeGreaterThanOrEqual(1);
    // A round for a slot that is no longer free offers nothing.
    expect(await offerFreedSlot(deps, tenant, { slotId: slot.id })).toMatchObject({ offered: 0 });
  }, 60_000);

  it('refuses a waitlist request for a service the person may not book (age rules), writing nothing', async () => {
    const before = await database.waitlistEntry.count({ where: { tenantId: tenant.id } });
    const error = await appErrorOf(
      joinWaitlist(deps, adultActor, {
        forPatientId: adult.id,
        serviceCode: 'pediatrics',
        earliest: '2031-06-02T00:00:00Z',
        latest: '2031-06-05T00:00:00Z',
      }),
    );
    expect(error.reason).toBe('booking.minorsOnly');
    expect(await database.waitlistEntry.count({ where: { tenantId: tenant.id } })).toBe(before);
  });

  it('refuses a range that ends before it starts, and a clinic with the waitlist off', async () => {
    const bad = await appErrorOf(
      joinWaitlist(deps, adultActor, {
        forPatientId: adult.id,
        serviceCode: 'primary-care',
        earliest: '2031-06-04T00:00:00Z',
        latest: '2031-06-03T00:00:00Z',
      }),
    );
    expect(bad.reason).toBe('waitlist.badRange');
    const off = { ...tenant, waitlistSettings: { ...tenant.waitlistSettings, enabled: false } };
    const error = await appErrorOf(
      joinWaitlist(deps, { ...adultActor, tenant: off }, { forPatientId: adult.id, serviceCode: 'primary-care' }),
    );
    expect(error.reason).toBe('waitlist.off');
  });

  it('answers an unknown or expired offer link clearly', async () => {
    expect((await appErrorOf(acceptOffer(deps, tenant, { token: 'nope', origin }))).reason).toBe(
      'waitlist.offerNotFound',
    );
    const slot = await freeSlot('2031-06-04T00:00:00.000Z');
    await joinWaitlist(deps, adultActor, {
      forPatientId: adult.id,
      serviceCode: 'primary-care',
      earliest: '2031-06-04T00:00:00Z',
      latest: '2031-06-06T00:00:00Z',
    });
    await offerFreedSlot(deps, tenant, { slotId: slot.id });
    const [token] = await offerTokens(slot.id);
    const later = { ...deps, now: () => new Date(now.getTime() + 2 * 3_600_000) };
    expect((await appErrorOf(acceptOffer(later, tenant, { token: token ?? '', origin }))).reason).toBe(
      'waitlist.offerExpired',
    );
    expect((await deps.provider.getSlot(slot.id)).status).toBe('free');
  }, 60_000);
});

describe('the waitlist page', () => {
  it('lists the person’s and dependents’ entries; leaving one stops its offers; another account cannot', async () => {
    const later = await freeSlot('2031-06-05T00:00:00.000Z');
    const { appointment: visit } = await book(guardianActor, child.id, later);
    const { entryId } = await joinWaitlist(deps, guardianActor, {
      forPatientId: child.id,
      appointmentId: visit.id,
      locationIds: later.locationId ? [later.locationId] : [],
    });
    const listed = await listWaitlistEntries(deps, guardianActor);
    const entry = listed.find((item) => item.id === entryId);
    expect(entry).toMatchObject({ patientName: child.name.display, appointmentId: visit.id, latest: visit.start });
    expect(entry?.locationNames).toHaveLength(later.locationId ? 1 : 0);
    expect((await listWaitlistEntries(deps, adultActor)).map((item) => item.id)).not.toContain(entryId);

    const notTheirs = await appErrorOf(leaveWaitlist(deps, adultActor, { entryId }));
    expect(notTheirs.reason).toBe('waitlist.entryNotFound');
    expect((await appErrorOf(leaveWaitlist(deps, adultActor, { entryId: 'not-an-id' }))).code).toBe('not_found');
    await leaveWaitlist(deps, guardianActor, { entryId });
    expect((await listWaitlistEntries(deps, guardianActor)).map((item) => item.id)).not.toContain(entryId);
    const early = await freeSlot('2031-06-03T00:00:00.000Z');
    await offerFreedSlot(deps, tenant, { slotId: early.id });
    expect(await database.waitlistOffer.count({ where: { entryId } })).toBe(0);
    expect(await database.auditEvent.count({ where: { tenantId: tenant.id, action: 'waitlist.leave' } })).toBe(1);
  }, 60_000);
});

describe('the administrator’s figures', () => {
  it('count offers sent and accepted, the median days sooner and the slots filled, for this clinic only', async () => {
    const figures = await getWaitlistFigures(database, { tenantId: tenant.id, since: new Date(0) });
    const offers = await database.waitlistOffer.findMany({ where: { tenantId: tenant.id } });
    // Two acceptances above: the child's visit moved earlier, one of two racing patients booked.
    expect(figures.offersAccepted).toBe(2);
    expect(figures.slotsFilled).toBe(2);
    expect(figures.offersSent).toBe(offers.length);
    expect(figures.offersSent).toBeGreaterThanOrEqual(4);
    expect(figures.daysSoonerMedian).toBeGreaterThan(0);
    expect(figures.slotsOffered).toBeGreaterThanOrEqual(3);
    expect(figures.waiting).toBeGreaterThan(0);
    const elsewhere = await getWaitlistFigures(database, { tenantId: crypto.randomUUID(), since: new Date(0) });
    expect(elsewhere).toEqual({
      waiting: 0,
      offersSent: 0,
      offersAccepted: 0,
      daysSoonerMedian: null,
      slotsOffered: 0,
      slotsFilled: 0,
    });
  });

  it('takes the median of days sooner (odd and even counts)', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });
});
