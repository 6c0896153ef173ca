/**
 * What the app books or cancels for a bridged clinic reaches the legacy EHR (the simulator's MLLP port)
 * as SIU S12/S15, in order, retried until acknowledged; a NAK cancels the booking in the FHIR repository.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { getAppointmentView } from '@/lib/booking/get-appointment-view';
import { getPatientOverview } from '@/lib/patients/get-patient-overview';
import { onAppointmentWrite } from '@/lib/scheduling/appointment-writes';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { testDatabase } from '@/lib/testing/database';
import { freePort } from '@/lib/testing/free-port';
import { startSimReceiver, type SimReceiver } from '@/lib/testing/legacy-ehr-simulator';
import { startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import type { BridgeContext } from './bridge-context';
import { configureBridge, loadBridgeContext } from './configure-bridge';
import { closeOutboundConnections, deliverOutbound } from './outbound/deliver-outbound';
import { outboundListener } from './outbound/enqueue-outbound-siu';

const database = testDatabase();
let clinic: SandboxClinic;
let receiver: SimReceiver;
let context: BridgeContext;
let provider: SchedulingProvider;
let stopListening: () => void;

beforeAll(async () => {
  clinic = await startSandboxClinic(database, { databaseServerUrl: inject('databaseServerUrl'), name: 'bridge-out' });
  receiver = await startSimReceiver();
  await configureBridge(database, clinic.tenant.id, {
    outbound: { mode: 'mllp', host: '127.0.0.1', port: receiver.port, ackTimeoutSeconds: 5 },
  });
  const loaded = await loadBridgeContext(database, clinic.tenant.id);
  if (!loaded) throw new Error('not bridged');
  context = loaded;
  stopListening = onAppointmentWrite(outboundListener(database));
  provider = getSchedulingProvider(clinic.tenant);
}, 120_000);

afterAll(async () => {
  stopListening();
  closeOutboundConnections();
  await receiver.close();
  await clinic.sandbox.close();
});

async function bookFirstFreeSlot(skip: number): Promise<{ appointmentId: string; slotId: string }> {
  const patient = await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn);
  const page = await provider.searchFreeSlots({
    serviceCode: 'primary-care',
    from: '2031-06-02T00:00:00.000Z',
    to: '2031-06-03T12:00:00.000Z',
  });
  const slot = page.items[skip];
  if (!slot || !patient) throw new Error('nothing seeded');
  const appointment = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: patient.id });
  return { appointmentId: appointment.id, slotId: slot.id };
}

describe('outbound SIU', () => {
  it('sends S12 for a booking and S15 for its cancellation, in order, once acknowledged', async () => {
    const { appointmentId } = await bookFirstFreeSlot(0);
    const booked = await provider.getAppointment(appointmentId);
    await provider.cancel({ appointmentId, appointmentVersion: booked.version, reason: 'Cannot come', by: 'patient' });
    expect(await deliverOutbound(context)).toEqual({ sent: 2, rejected: 0, waiting: 0 });
    expect(receiver.received.map((message) => /SIU\^(S\d\d)/.exec(message)?.[1])).toEqual(['S12', 'S15']);
    expect(receiver.received[0]).toContain(`SCH|${appointmentId}^FHIR-SCHEDULING`);
    expect(receiver.received[0]).toContain(`PID|1||${DEMO_PATIENTS.adult.mrn}^^^^MR`);
  });

  it('retries while the EHR is unreachable, keeping later messages behind the first', async () => {
    await configureBridge(database, clinic.tenant.id, {
      outbound: { mode: 'mllp', host: '127.0.0.1', port: await freePort(), ackTimeoutSeconds: 2 },
    });
    const down = await loadBridgeContext(database, clinic.tenant.id);
    if (!down) throw new Error('not bridged');
    const { appointmentId } = await bookFirstFreeSlot(1);
    expect((await deliverOutbound(down)).waiting).toBe(1);
    const row = await database.bridgeOutbound.findFirstOrThrow({ where: { appointmentId } });
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toBeTruthy();
    expect(await deliverOutbound(context, new Date(Date.now() + 3_600_000))).toMatchObject({ sent: 1 });
  });

  it('writes the CSV outbox for an EHR that imports files: a header, then each SIU as one quoted field', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'bridge-outbox-'));
    await configureBridge(database, clinic.tenant.id, { outbound: { mode: 'csv', folder } });
    const files = await loadBridgeContext(database, clinic.tenant.id);
    if (!files) throw new Error('not bridged');
    try {
      const first = await bookFirstFreeSlot(3);
      const second = await bookFirstFreeSlot(4);
      expect(await deliverOutbound(files)).toMatchObject({ sent: 2 });
      const text = await readFile(path.join(folder, 'outbox.csv'), 'utf8');
      const rows = parse<Record<string, string>>(text, { columns: true });
      expect(rows.map((row) => [row.event, row.appointmentId])).toEqual([
        ['S12', first.appointmentId],
        ['S12', second.appointmentId],
      ]);
      // The message survives the file whole: segments, separators and all.
      expect((rows[0]?.message ?? '').split('\r')[1]).toMatch(new RegExp(`^SCH\\|${first.appointmentId}\\^`));
    } finally {
      await configureBridge(database, clinic.tenant.id, {
        outbound: { mode: 'mllp', host: '127.0.0.1', port: receiver.port, ackTimeoutSeconds: 5 },
      });
    }
  });

  it('cancels the booking when the EHR refuses it (NAK), freeing the slot', async () => {
    receiver.refuseNext(1);
    const { appointmentId, slotId } = await bookFirstFreeSlot(2);
    expect(await deliverOutbound(context)).toMatchObject({ rejected: 1 });
    expect((await provider.getAppointment(appointmentId)).status).toBe('cancelled');
    expect((await provider.getSlot(slotId)).status).toBe('free');
  });

  it('shows a booking as made in the online schedule until the EHR acknowledges it', async () => {
    const { appointmentId } = await bookFirstFreeSlot(3);
    const patient = await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn);
    if (!patient) throw new Error('nothing seeded');
    const account = await database.patientAccount.create({
      data: { tenantId: clinic.tenant.id, providerPatientId: patient.id },
    });
    const reader = { tenant: clinic.tenant, accountId: account.id, patientId: patient.id, origin: { requestId: 'r' } };
    const seen = async (): Promise<{ details: boolean; overview: boolean | undefined }> => {
      const deps = { database, provider };
      const [details, overview] = await Promise.all([
        getAppointmentView(deps, { ...reader, appointmentId }),
        getPatientOverview(deps, { ...reader, now: new Date('2031-06-01T00:00:00.000Z') }),
      ]);
      return {
        details: details.awaitingClinicSystem,
        overview: overview.upcoming.find((view) => view.appointment.id === appointmentId)?.awaitingClinicSystem,
      };
    };
    expect(await seen()).toEqual({ details: true, overview: true });
    expect(await deliverOutbound(context)).toMatchObject({ sent: 1 });
    expect(await seen()).toEqual({ details: false, overview: false });
  });
});
