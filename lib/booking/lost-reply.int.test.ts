/**
 * A booking whose reply the network loses after the EHR booked it: the patient's booking stands once,
 * with one confirmation, and a retry with the same Idempotency-Key answers the same appointment.
 * Through a loopback proxy in front of the sandbox (strict profile) that drops the transaction's reply.
 */
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { testDatabase } from '@/lib/testing/database';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import { startDroppingProxy, type DroppingProxy } from '@/lib/testing/dropping-proxy';
import { startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import { bookAppointment } from './book-appointment';
import type { BookingDeps, PatientActor } from './booking-deps';

const database = testDatabase();
let clinic: SandboxClinic;
let proxy: DroppingProxy;
let boss: PgBoss;
let deps: BookingDeps;
let actor: PatientActor;
let dropNextBooking = false;

beforeAll(async () => {
  clinic = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'lost-reply',
    tenant: { providerSettings: { serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type' } },
  });
  proxy = await startDroppingProxy(clinic.sandbox.origin, (request) => {
    if (!dropNextBooking || request.method !== 'POST' || !request.body.includes('"transaction"')) return false;
    dropNextBooking = false;
    return true;
  });
  boss = await startQueue(inject('databaseUrl'), 'pgboss_lost_reply_test');
  const viaProxy = {
    ...clinic.tenant,
    fhirBaseUrl: clinic.partition.baseUrl.replace(clinic.sandbox.origin, proxy.origin),
  };
  deps = {
    database,
    provider: createFhirProvider(viaProxy),
    notifier: outboxNotifier(database, boss),
    appBaseUrl: 'https://book.example',
    now: () => new Date('2031-06-01T12:00:00Z'),
  };
  const guardian = await deps.provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn);
  if (!guardian) throw new Error('no guardian');
  actor = { tenant: clinic.tenant, accountId: 'account-lost-reply', patientId: guardian.id, locale: 'en', origin: {} };
}, 120_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await proxy.close();
  await clinic.sandbox.close();
});

describe('a booking whose reply is lost', () => {
  it('stands once, with one confirmation, and a retry with the same key answers the same appointment', async () => {
    const [slot] = (
      await deps.provider.searchFreeSlots({
        serviceCode: 'primary-care',
        from: '2031-06-02T00:00:00.000Z',
        to: '2031-06-03T00:00:00.000Z',
        pageSize: 1,
      })
    ).items;
    if (!slot) throw new Error('no slot');
    const input = { forPatientId: actor.patientId, slotId: slot.id, slotVersion: slot.version };
    dropNextBooking = true;
    const first = await bookAppointment(deps, actor, { ...input, idempotencyKey: 'lost-reply-key-0001' });
    expect(proxy.dropped()).toBe(1);
    const retry = await bookAppointment(deps, actor, { ...input, idempotencyKey: 'lost-reply-key-0001' });
    expect(retry.appointment.id).toBe(first.appointment.id);

    const admin = new ContractClient(clinic.partition);
    await admin.authenticate();
    expect(await admin.count(`/Appointment?slot=Slot/${slot.id}`)).toBe(1);
    expect((await deps.provider.getSlot(slot.id)).status).toBe('busy');
    expect(
      await database.notification.count({
        where: { tenantId: clinic.tenant.id, template: 'booking-confirmation' },
      }),
    ).toBe(1);
  });
});
