/**
 * A bridged clinic's inbound HL7 v2 over real MLLP frames on TCP, checked in its FHIR repository over
 * HTTP (the sandbox, strict profile): patients from ADT, appointments from SIU with their slots, and
 * each kind of bad input quarantined or refused with its reason, nothing applied twice or half.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { testDatabase } from '@/lib/testing/database';
import { freePort } from '@/lib/testing/free-port';
import {
  ackCode,
  adtMessage,
  nextControlId,
  siuMessage,
  simulatorConnection,
  type SimPatient,
} from '@/lib/testing/legacy-ehr-simulator';
import { SANDBOX_MRN_SYSTEM, startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import { configureBridge } from './configure-bridge';
import { frame, START_BLOCK } from './mllp/framing';
import type { MllpClient } from './mllp/mllp-client';
import { startClinicBridge, type RunningBridge } from './start-clinic-bridges';

const database = testDatabase();
let clinic: SandboxClinic;
let bridge: RunningBridge;
let ehr: MllpClient;
let fhir: ContractClient;
let port: number;
const NPI = '1000000000';

interface SearchBundle {
  entry?: { resource: Record<string, unknown> & { id: string; status?: string } }[];
}

async function search(path: string): Promise<SearchBundle['entry'] & object> {
  const reply = await fhir.request<SearchBundle>('GET', path);
  expect(reply.status).toBe(200);
  return reply.body.entry ?? [];
}

async function patientsWithMrn(mrn: string): Promise<(Record<string, unknown> & { id: string })[]> {
  return (await search(`Patient?identifier=${encodeURIComponent(`${SANDBOX_MRN_SYSTEM}|${mrn}`)}`)).map(
    (entry) => entry.resource,
  );
}

async function appointmentsWithFillerId(fillerId: string): Promise<(Record<string, unknown> & { id: string })[]> {
  const system = 'urn:fhir-scheduling:legacy-appointment';
  return (await search(`Appointment?identifier=${encodeURIComponent(`${system}|${fillerId}`)}`)).map(
    (entry) => entry.resource,
  );
}

/** A free slot of the clinician on the seeded day, as local HL7 time (America/Chicago, UTC-5 in June). */
async function freeSlot(skip = 0): Promise<{ id: string; hl7Start: string; minutes: number }> {
  const practitioners = await search(
    `Practitioner?identifier=${encodeURIComponent(`http://hl7.org/fhir/sid/us-npi|${NPI}`)}`,
  );
  const practitionerId = practitioners[0]?.resource.id ?? '';
  const slots = (
    await search(
      `Slot?schedule.actor=Practitioner/${practitionerId}&status=free&start=ge2031-06-02T00:00:00Z&_count=100`,
    )
  ).map((entry) => entry.resource as { id: string; start: string; end: string });
  const slot = slots.sort((a, b) => a.start.localeCompare(b.start))[skip];
  if (!slot) throw new Error('no free slot seeded');
  const local = new Date(Date.parse(slot.start) - 5 * 3_600_000).toISOString();
  return {
    id: slot.id,
    hl7Start: local.slice(0, 16).replace(/[-T:]/g, ''),
    minutes: (Date.parse(slot.end) - Date.parse(slot.start)) / 60_000,
  };
}

async function slotStatus(id: string): Promise<string> {
  return (await fhir.request<{ status: string }>('GET', `Slot/${id}`)).body.status;
}

const ana: SimPatient = {
  mrn: '20000019',
  family: 'Reyes',
  given: 'Ana',
  birthDate: '19900315',
  phone: '3125550199',
  email: 'ana.reyes@example.com',
  language: 'SPA',
};

beforeAll(async () => {
  clinic = await startSandboxClinic(database, { databaseServerUrl: inject('databaseServerUrl'), name: 'bridge-in' });
  port = await freePort();
  await configureBridge(database, clinic.tenant.id, { mllp: { host: '127.0.0.1', port } });
  bridge = await startClinicBridge(database, clinic.tenant.id);
  ehr = simulatorConnection(port);
  fhir = new ContractClient(clinic.partition);
  await fhir.authenticate();
}, 120_000);

afterAll(async () => {
  ehr.close();
  await bridge.stop();
  await clinic.sandbox.close();
});

describe('ADT over MLLP', () => {
  it('registers a patient known only from an A04 (MRN, name, birth, contacts, language), answering AA', async () => {
    const answer = await ehr.send(adtMessage('A04', ana));
    expect(ackCode(answer)).toBe('AA');
    const [patient] = await patientsWithMrn(ana.mrn);
    expect(patient).toMatchObject({
      birthDate: '1990-03-15',
      name: [{ family: 'Reyes', given: ['Ana'] }],
      communication: [{ language: { coding: [{ code: 'es' }] } }],
    });
    expect(JSON.stringify(patient?.telecom)).toContain('ana.reyes@example.com');
    const row = await database.clinicBridge.findUniqueOrThrow({ where: { tenantId: clinic.tenant.id } });
    expect(row.connected).toBe(true);
  });

  it('updates the same patient with an A08, and links a child to her guardian from NK1', async () => {
    expect(
      ackCode(await ehr.send(adtMessage('A08', { ...ana, phone: '3125550111' }, { sentAt: '20310601100000' }))),
    ).toBe('AA');
    const patients = await patientsWithMrn(ana.mrn);
    expect(patients).toHaveLength(1);
    expect(JSON.stringify(patients[0]?.telecom)).toContain('3125550111');
    const child: SimPatient = {
      mrn: '20000027',
      family: 'Reyes',
      given: 'Lucia',
      birthDate: '20180704',
      guardian: { mrn: ana.mrn, relationship: 'MTH', family: 'Reyes', given: 'Ana' },
    };
    expect(ackCode(await ehr.send(adtMessage('A28', child)))).toBe('AA');
    const [dependent] = await patientsWithMrn(child.mrn);
    const related = await search(`RelatedPerson?patient=Patient/${dependent?.id ?? ''}`);
    expect(related[0]?.resource).toMatchObject({ relationship: [{ coding: [{ code: 'MTH' }] }], active: true });
    const [guardian] = await patientsWithMrn(ana.mrn);
    expect(guardian?.link).toEqual([
      { other: { reference: `RelatedPerson/${related[0]?.resource.id ?? ''}` }, type: 'seealso' },
    ]);
  });

  it('applies the same message twice only once (AA both times)', async () => {
    const controlId = nextControlId();
    const message = adtMessage('A04', { ...ana, mrn: '20000035', given: 'Twice' }, { controlId });
    expect(ackCode(await ehr.send(message))).toBe('AA');
    expect(ackCode(await ehr.send(message))).toBe('AA');
    expect(await patientsWithMrn('20000035')).toHaveLength(1);
    const audits = await database.auditEvent.count({
      where: { tenantId: clinic.tenant.id, action: 'bridge.record.duplicate' },
    });
    expect(audits).toBe(1);
  });

  it('quarantines an update older than one already applied (out of order), keeping the newer data', async () => {
    const answer = await ehr.send(adtMessage('A08', { ...ana, phone: '3125550000' }, { sentAt: '20310601093000' }));
    expect(ackCode(answer)).toBe('AE');
    expect(answer).toContain('outOfOrder');
    expect(JSON.stringify((await patientsWithMrn(ana.mrn))[0]?.telecom)).toContain('3125550111');
  });
});

describe('SIU over MLLP', () => {
  it("books (S12) into the clinician's slot, moves (S13) and cancels (S15), freeing and taking slots", async () => {
    const first = await freeSlot();
    const fillerId = `E${Date.now()}`;
    const base = { fillerId, mrn: ana.mrn, npi: NPI, minutes: first.minutes };
    expect(ackCode(await ehr.send(siuMessage('S12', { ...base, start: first.hl7Start })))).toBe('AA');
    const [booked] = await appointmentsWithFillerId(fillerId);
    expect(booked).toMatchObject({ status: 'booked', slot: [{ reference: `Slot/${first.id}` }] });
    expect(await slotStatus(first.id)).toBe('busy');

    const second = await freeSlot();
    expect(
      ackCode(await ehr.send(siuMessage('S13', { ...base, start: second.hl7Start }, { sentAt: '20310601091000' }))),
    ).toBe('AA');
    const [moved] = await appointmentsWithFillerId(fillerId);
    expect(moved).toMatchObject({ id: booked?.id, slot: [{ reference: `Slot/${second.id}` }] });
    expect(await slotStatus(first.id)).toBe('free');
    expect(await slotStatus(second.id)).toBe('busy');

    expect(
      ackCode(await ehr.send(siuMessage('S15', { ...base, start: second.hl7Start }, { sentAt: '20310601092000' }))),
    ).toBe('AA');
    const [cancelled] = await appointmentsWithFillerId(fillerId);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'Clinician unavailable' } });
    expect(await slotStatus(second.id)).toBe('free');
  });

  it('records a no-show (S26)', async () => {
    const slot = await freeSlot();
    const fillerId = `N${Date.now()}`;
    const base = { fillerId, mrn: ana.mrn, npi: NPI, minutes: slot.minutes, start: slot.hl7Start };
    expect(ackCode(await ehr.send(siuMessage('S12', base)))).toBe('AA');
    expect(ackCode(await ehr.send(siuMessage('S26', base, { sentAt: '20310601091500' })))).toBe('AA');
    expect((await appointmentsWithFillerId(fillerId))[0]?.status).toBe('noshow');
  });
});

describe('bad input', () => {
  async function quarantined(reason: string): Promise<number> {
    return database.bridgeRecord.count({ where: { tenantId: clinic.tenant.id, status: 'quarantined', reason } });
  }

  it('quarantines an SIU for a patient never seen (AE), applying nothing', async () => {
    const slot = await freeSlot();
    const fillerId = `U${Date.now()}`;
    const answer = await ehr.send(
      siuMessage('S12', { fillerId, mrn: '99999997', npi: NPI, minutes: slot.minutes, start: slot.hl7Start }),
    );
    expect(ackCode(answer)).toBe('AE');
    expect(answer).toContain('unknownPatient PID-3');
    expect(await appointmentsWithFillerId(fillerId)).toHaveLength(0);
    expect(await slotStatus(slot.id)).toBe('free');
    const row = await database.bridgeRecord.findFirstOrThrow({
      where: { tenantId: clinic.tenant.id, reason: 'unknownPatient' },
    });
    expect(row.raw).toContain(fillerId);
  });

  it('refuses a date in the wrong format, naming the field', async () => {
    const answer = await ehr.send(adtMessage('A04', { ...ana, mrn: '20000043', birthDate: '19901345' }));
    expect(ackCode(answer)).toBe('AE');
    expect(answer).toContain('badDate PID-7');
    expect(await patientsWithMrn('20000043')).toHaveLength(0);
  });

  it('refuses malformed segments, wrong encoding characters and unknown message types (AR)', async () => {
    const good = adtMessage('A04', { ...ana, mrn: '20000050' });
    const malformed = good.replace('PID|', 'P!D|');
    const encoding = good.replace('MSH|^~\\&', 'MSH|^~\\#');
    const unknown = good.replace('ADT^A04^ADT_A01', 'ORU^R01^ORU_R01');
    for (const message of [malformed, encoding, unknown]) expect(ackCode(await ehr.send(message))).toBe('AR');
    expect(await patientsWithMrn('20000050')).toHaveLength(0);
    expect(await quarantined('malformed')).toBeGreaterThanOrEqual(1);
    expect(await quarantined('encoding')).toBeGreaterThanOrEqual(1);
    expect(await quarantined('unsupportedMessage')).toBeGreaterThanOrEqual(1);
  });

  it('applies nothing of a message cut off when the connection drops, and takes it whole when re-sent', async () => {
    const message = adtMessage('A04', { ...ana, mrn: '20000068', given: 'Dropped' });
    const bytes = frame(message);
    const cut = simulatorConnection(port);
    await cut.writeRaw(bytes.subarray(0, Math.floor(bytes.length / 2)));
    cut.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await patientsWithMrn('20000068')).toHaveLength(0);
    expect(bytes[0]).toBe(START_BLOCK);
    expect(ackCode(await ehr.send(message))).toBe('AA');
    expect(await patientsWithMrn('20000068')).toHaveLength(1);
  });
});
