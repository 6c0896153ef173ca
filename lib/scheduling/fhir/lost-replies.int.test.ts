/**
 * Bookings that meet real network failures and servers that are not what they declare: a reply lost
 * after the EHR booked, and a server that runs transactions as batches. Against the sandbox over HTTP.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { startDroppingProxy, type DroppingProxy } from '@/lib/testing/dropping-proxy';
import { startTestFhirSandbox, type SandboxPartition, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { seedClinicOverHttp } from '@/lib/testing/seed-over-http';
import { providerSettingsSchema } from '@/lib/tenancy/tenant-settings';
import type { SchedulingProvider } from '../provider';
import type { Slot } from '../types';
import { createFhirProvider } from './create-fhir-provider';

const mrnSystem = 'https://contract.example/mrn/lost-replies';
let sandbox: TestFhirSandbox;
let proxy: DroppingProxy;
let dropNextBooking = false;

beforeAll(async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  proxy = await startDroppingProxy(sandbox.origin, (request) => {
    const booking =
      request.method === 'POST' &&
      (request.body.includes('"transaction"') || request.path.includes('/Appointment/$book'));
    if (!booking || !dropNextBooking) return false;
    dropNextBooking = false;
    return true;
  });
});

afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

async function clinic(
  partition: SandboxPartition,
  baseUrl = partition.baseUrl,
): Promise<{ provider: SchedulingProvider; admin: ContractClient; patientId: string; slots: Slot[] }> {
  const admin = new ContractClient(partition);
  await admin.authenticate();
  await seedClinicOverHttp(admin, {
    mrnSystem,
    timeZone: 'America/Chicago',
    startDate: '2031-06-02',
    days: 2,
    practitioners: 2,
    patients: 6,
  });
  const provider = createFhirProvider({
    fhirBaseUrl: baseUrl,
    fhirAuth: {
      type: 'smart-client-secret',
      tokenUrl: partition.tokenUrl,
      clientId: partition.clientId,
      clientSecret: partition.clientSecret,
    },
    mrnSystem,
    providerSettings: providerSettingsSchema.parse({
      serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
    }),
  });
  const patient = await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn);
  if (!patient) throw new Error('no patient');
  const page = await provider.searchFreeSlots({
    serviceCode: 'primary-care',
    from: '2031-06-02T00:00:00.000Z',
    to: '2031-06-04T00:00:00.000Z',
    pageSize: 10,
  });
  return { provider, admin, patientId: patient.id, slots: page.items };
}

describe.each([
  { booking: 'slot transactions', scheduling: 'slot-writes' as const },
  { booking: 'IHE operations', scheduling: 'operations' as const },
])('a booking whose reply is lost ($booking)', ({ scheduling }) => {
  const suffix = scheduling === 'slot-writes' ? '' : '-ops';
  it('is found by its request key: one appointment, the slot busy, and a retry answers the same booking', async () => {
    const partition = await sandbox.createPartition(`lost-reply${suffix}`, { profile: 'strict', scheduling });
    const { provider, admin, patientId, slots } = await clinic(
      partition,
      partition.baseUrl.replace(sandbox.origin, proxy.origin),
    );
    const [slot] = slots;
    if (!slot) throw new Error('no slot');
    const dropped = proxy.dropped();
    dropNextBooking = true;
    const first = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId, requestKey: 'key-1' });
    expect(proxy.dropped()).toBe(dropped + 1);
    expect(first.status).toBe('booked');
    const retry = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId, requestKey: 'key-1' });
    expect(retry.id).toBe(first.id);
    expect(await admin.count(`/Appointment?slot=Slot/${slot.id}`)).toBe(1);
    expect((await provider.getSlot(slot.id)).status).toBe('busy');
  });

  it('when it moves an appointment, answers the move that was made', async () => {
    const partition = await sandbox.createPartition(`lost-move${suffix}`, { profile: 'strict', scheduling });
    const { provider, patientId, slots } = await clinic(
      partition,
      partition.baseUrl.replace(sandbox.origin, proxy.origin),
    );
    const [from, to] = slots;
    if (!from || !to) throw new Error('no slots');
    const booked = await provider.book({ slotId: from.id, slotVersion: from.version, patientId });
    const dropped = proxy.dropped();
    dropNextBooking = true;
    const moved = await provider.reschedule({
      appointmentId: booked.id,
      appointmentVersion: booked.version,
      newSlotId: to.id,
      newSlotVersion: to.version,
    });
    expect(proxy.dropped()).toBe(dropped + 1);
    expect(moved).toMatchObject({ id: booked.id, slotIds: [to.id], status: 'booked' });
    expect((await provider.getSlot(to.id)).status).toBe('busy');
    expect((await provider.getSlot(from.id)).status).toBe('free');

    dropNextBooking = true;
    const cancelled = await provider.cancel({
      appointmentId: moved.id,
      appointmentVersion: moved.version,
      reason: 'lost reply',
      by: 'patient',
    });
    expect(proxy.dropped()).toBe(dropped + 2);
    expect(cancelled.status).toBe('cancelled');
    expect((await provider.getSlot(to.id)).status).toBe('free');
  });

  it('is not confused with a booking of the same slot by another request', async () => {
    const partition = await sandbox.createPartition(`other-key${suffix}`, { profile: 'strict', scheduling });
    const { provider, patientId, slots } = await clinic(partition);
    const [slot] = slots;
    if (!slot) throw new Error('no slot');
    await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId, requestKey: 'key-a' });
    await expect(
      provider.book({ slotId: slot.id, slotVersion: slot.version, patientId, requestKey: 'key-b' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('a server that runs transactions as batches', () => {
  it('still ends 20 concurrent bookings of one slot with one booked appointment: the rest is undone', async () => {
    const partition = await sandbox.createPartition('non-atomic', { transactions: 'non-atomic' });
    const { provider, admin, patientId, slots } = await clinic(partition);
    const [slot] = slots;
    if (!slot) throw new Error('no slot');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        provider.book({ slotId: slot.id, slotVersion: slot.version, patientId, requestKey: `race-${index}` }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await admin.count(`/Appointment?slot=Slot/${slot.id}&status=booked`)).toBe(1);
    expect((await provider.getSlot(slot.id)).status).toBe('busy');
  });
});
