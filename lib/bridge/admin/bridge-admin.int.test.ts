/**
 * The administrator's side of a bridged clinic, against Postgres and the clinic's sandbox over HTTP:
 * the overview of what was applied and quarantined, retrying a quarantined record after a fix (a
 * patient arriving, a corrected date format), and uploading a CSV export through the column mapping,
 * with each bad input refused whole with its reason.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StaffActor } from '@/lib/checkin/check-in-deps';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { appErrorOf } from '@/lib/testing/error-code';
import { adtMessage, siuMessage, type SimPatient } from '@/lib/testing/legacy-ehr-simulator';
import { SANDBOX_MRN_SYSTEM, startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import { configureBridge, loadBridgeContext } from '../configure-bridge';
import { receiveHl7Message } from '../receive-hl7-message';
import type { BridgeContext } from '../bridge-context';
import { getBridgeOverview } from './get-bridge-overview';
import { retryQuarantinedRecord } from './retry-quarantined-record';
import { updateCsvMapping } from './update-csv-mapping';
import { uploadCsv } from './upload-csv';

const database = testDatabase();
let clinic: SandboxClinic;
let fhir: ContractClient;
let admin: StaffActor;
const NPI = '1000000000';
const COLUMNS = { patients: { mrn: 'Chart No', family: 'Last Name', given: 'First Name', birthDate: 'DOB' } };

async function context(): Promise<BridgeContext> {
  const loaded = await loadBridgeContext(database, clinic.tenant.id);
  if (!loaded) throw new Error('not bridged');
  return loaded;
}

async function fhirSearch(path: string): Promise<{ id: string; status?: string }[]> {
  const reply = await fhir.request<{ entry?: { resource: { id: string; status?: string } }[] }>('GET', path);
  expect(reply.status).toBe(200);
  return (reply.body.entry ?? []).map((entry) => entry.resource);
}

async function patientsWithMrn(mrn: string): Promise<{ id: string }[]> {
  return fhirSearch(`Patient?identifier=${encodeURIComponent(`${SANDBOX_MRN_SYSTEM}|${mrn}`)}`);
}

async function appointmentsWithFillerId(fillerId: string): Promise<{ id: string; status?: string }[]> {
  const system = 'urn:fhir-scheduling:legacy-appointment';
  return fhirSearch(`Appointment?identifier=${encodeURIComponent(`${system}|${fillerId}`)}`);
}

async function quarantinedRow(where: { reason?: string; messageType?: string }): Promise<{ id: bigint }> {
  return database.bridgeRecord.findFirstOrThrow({
    where: { tenantId: clinic.tenant.id, status: 'quarantined', ...where },
    orderBy: { id: 'desc' },
  });
}

beforeAll(async () => {
  clinic = await startSandboxClinic(database, { databaseServerUrl: inject('databaseServerUrl'), name: 'bridge-adm' });
  await configureBridge(database, clinic.tenant.id, { csv: { dateFormat: 'MM/DD/YYYY', columns: COLUMNS } });
  fhir = new ContractClient(clinic.partition);
  await fhir.authenticate();
  admin = {
    tenant: clinic.tenant,
    staffId: 'admin-1',
    role: 'admin',
    locationIds: [],
    locale: 'en',
    origin: { requestId: 'req-bridge-admin' },
  };
}, 120_000);

afterAll(async () => {
  await clinic.sandbox.close();
});

describe('retrying a quarantined record', () => {
  const omar: SimPatient = { mrn: '40000016', family: 'Haddad', given: 'Omar', birthDate: '19770211' };

  it('applies an SIU quarantined for a patient never seen once the patient arrives, exactly once', async () => {
    const fillerId = `R${Date.now()}`;
    const siu = siuMessage('S12', { fillerId, mrn: omar.mrn, npi: NPI, minutes: 20, start: '203106020900' });
    expect((await receiveHl7Message(await context(), siu)).outcome).toBe('quarantined');
    const row = await quarantinedRow({ reason: 'unknownPatient' });

    // Before the fix: still quarantined, with the same reason, one more attempt.
    expect(await retryQuarantinedRecord(database, admin, row.id.toString())).toEqual({
      status: 'quarantined',
      recordId: row.id.toString(),
      reason: 'unknownPatient',
      field: 'PID-3',
    });
    expect(await database.bridgeRecord.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'quarantined',
      attempts: 2,
    });

    expect((await receiveHl7Message(await context(), adtMessage('A04', omar))).outcome).toBe('applied');
    expect(await retryQuarantinedRecord(database, admin, row.id.toString())).toEqual({
      status: 'applied',
      recordId: row.id.toString(),
    });
    const appointments = await appointmentsWithFillerId(fillerId);
    expect(appointments).toHaveLength(1);
    expect(appointments[0]?.status).toBe('booked');
    expect(await database.bridgeRecord.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'applied',
      raw: null,
      reason: null,
    });
    const audit = await database.auditEvent.findMany({
      where: { tenantId: clinic.tenant.id, action: 'bridge.record.retried' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((event) => [event.actorType, event.actorId, event.outcome, event.requestId])).toEqual([
      ['staff', 'admin-1', 'failure', 'req-bridge-admin'],
      ['staff', 'admin-1', 'success', 'req-bridge-admin'],
    ]);

    // Applied: a second retry is refused and the appointment is not written twice.
    expect((await appErrorOf(retryQuarantinedRecord(database, admin, row.id.toString()))).reason).toBe(
      'bridge.recordNotQuarantined',
    );
    expect(await appointmentsWithFillerId(fillerId)).toHaveLength(1);
  });

  it('applies a CSV row quarantined for its date once the clinic corrects its date format', async () => {
    const csv = 'Chart No,Last Name,First Name,DOB\n40000024,Lindqvist,Astrid,25/12/1980\n';
    expect(await uploadCsv(database, admin, { kind: 'patients', csv })).toEqual({
      rows: 1,
      applied: 0,
      duplicates: 0,
      quarantined: 1,
    });
    const row = await quarantinedRow({ reason: 'badDate' });
    expect(await patientsWithMrn('40000024')).toHaveLength(0);

    await configureBridge(database, clinic.tenant.id, { csv: { dateFormat: 'DD/MM/YYYY', columns: COLUMNS } });
    try {
      expect((await retryQuarantinedRecord(database, admin, row.id.toString())).status).toBe('applied');
    } finally {
      await configureBridge(database, clinic.tenant.id, { csv: { dateFormat: 'MM/DD/YYYY', columns: COLUMNS } });
    }
    const [patient] = await patientsWithMrn('40000024');
    const read = await fhir.request<{ birthDate: string }>('GET', `Patient/${patient?.id ?? ''}`);
    expect(read.body.birthDate).toBe('1980-12-25');
  });

  it('refuses a retry by the front desk, of an unknown record, a bad id or another clinic’s record', async () => {
    const siu = siuMessage('S12', { fillerId: `X${Date.now()}`, mrn: '49999995', minutes: 20, start: '203106021000' });
    expect((await receiveHl7Message(await context(), siu)).outcome).toBe('quarantined');
    const row = await quarantinedRow({ reason: 'unknownPatient' });
    const clerk: StaffActor = { ...admin, role: 'front_desk' };
    expect((await appErrorOf(retryQuarantinedRecord(database, clerk, row.id.toString()))).code).toBe('forbidden');
    expect((await appErrorOf(retryQuarantinedRecord(database, admin, '999999999'))).code).toBe('not_found');
    expect((await appErrorOf(retryQuarantinedRecord(database, admin, '12abc'))).code).toBe('invalid_input');

    const other = await createTenant(database, {
      slug: uniqueSlug('bridge-other'),
      displayName: 'Elsewhere',
      timeZone: 'America/Chicago',
      fhirBaseUrl: clinic.partition.baseUrl,
      mrnSystem: SANDBOX_MRN_SYSTEM,
    });
    await configureBridge(database, other.id, {});
    const otherAdmin: StaffActor = { ...admin, tenant: other };
    expect((await appErrorOf(retryQuarantinedRecord(database, otherAdmin, row.id.toString()))).code).toBe('not_found');
    expect(await database.bridgeRecord.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'quarantined',
    });
  });
});

describe('uploading a CSV export', () => {
  it('applies the rows through the clinic’s column mapping, quarantines a bad one, and audits the upload', async () => {
    const csv = [
      'Chart No,Last Name,First Name,DOB',
      '40000032,Mensah,Kofi,03/09/1969',
      '40000040,Mensah,Ama,1969-09-03',
    ].join('\r\n');
    expect(await uploadCsv(database, admin, { kind: 'patients', csv })).toEqual({
      rows: 2,
      applied: 1,
      duplicates: 0,
      quarantined: 1,
    });
    expect(await patientsWithMrn('40000032')).toHaveLength(1);
    expect(await patientsWithMrn('40000040')).toHaveLength(0);
    // The same file again: nothing applied twice.
    expect((await uploadCsv(database, admin, { kind: 'patients', csv })).duplicates).toBe(1);
    expect(await patientsWithMrn('40000032')).toHaveLength(1);
    const audit = await database.auditEvent.findFirstOrThrow({
      where: { tenantId: clinic.tenant.id, action: 'bridge.csv.uploaded', detail: { path: ['rows'], equals: 2 } },
      orderBy: { id: 'asc' },
    });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: 'admin-1' });
    expect(audit.detail).toMatchObject({ kind: 'patients', rows: 2, applied: 1, quarantined: 1 });
  });

  it('refuses a file missing a mapped column, one that is not CSV and one without rows, applying nothing', async () => {
    const missing = await appErrorOf(
      uploadCsv(database, admin, { kind: 'patients', csv: 'Chart No,First Name\n40000057,Noor\n' }),
    );
    expect(missing).toMatchObject({ code: 'invalid_input', reason: 'bridge.csvMissingColumns' });
    expect(missing.message).toContain('Last Name');
    expect(await patientsWithMrn('40000057')).toHaveLength(0);

    const broken = 'Chart No,Last Name\n40000065,Silva\n40000073,"Unclosed\n';
    expect(await appErrorOf(uploadCsv(database, admin, { kind: 'patients', csv: broken }))).toMatchObject({
      code: 'invalid_input',
      reason: 'bridge.csvUnreadable',
    });
    // The good line before the broken one was not applied either.
    expect(await patientsWithMrn('40000065')).toHaveLength(0);

    expect(
      await appErrorOf(uploadCsv(database, admin, { kind: 'patients', csv: 'Chart No,Last Name\n' })),
    ).toMatchObject({ code: 'invalid_input', reason: 'bridge.csvEmpty' });
  });

  it('refuses an upload to a clinic that is not bridged and from the front desk', async () => {
    const plain = await createTenant(database, {
      slug: uniqueSlug('not-bridged'),
      displayName: 'Plain',
      timeZone: 'America/Chicago',
      fhirBaseUrl: clinic.partition.baseUrl,
      mrnSystem: SANDBOX_MRN_SYSTEM,
    });
    const csv = 'Chart No,Last Name\n40000081,Tanaka\n';
    expect((await appErrorOf(uploadCsv(database, { ...admin, tenant: plain }, { kind: 'patients', csv }))).code).toBe(
      'not_found',
    );
    expect(
      (await appErrorOf(uploadCsv(database, { ...admin, role: 'front_desk' }, { kind: 'patients', csv }))).code,
    ).toBe('forbidden');
    expect(await patientsWithMrn('40000081')).toHaveLength(0);
  });
});

describe('the overview', () => {
  it('counts applied and quarantined records and lists the quarantined with reason and raw text, audited', async () => {
    const overview = await getBridgeOverview(database, admin);
    if (!overview) throw new Error('not bridged');
    const applied = await database.bridgeRecord.count({ where: { tenantId: clinic.tenant.id, status: 'applied' } });
    expect(overview.counts).toMatchObject({ applied, quarantined: overview.quarantined.length });
    expect(overview.counts.quarantined).toBeGreaterThanOrEqual(1);
    const ama = overview.quarantined.find((record) => record.raw.includes('Ama'));
    expect(ama).toMatchObject({ source: 'csv', reason: 'badDate', field: 'DOB', messageType: 'csv:patients' });
    expect(overview.applyLatency?.p95Ms).toBeGreaterThanOrEqual(0);
    expect(overview.csv.columns.patients).toContainEqual({ field: 'mrn', column: 'Chart No', required: true });
    const viewed = await database.auditEvent.count({
      where: { tenantId: clinic.tenant.id, action: 'bridge.record.viewed', actorId: 'admin-1' },
    });
    expect(viewed).toBe(overview.quarantined.length);
  });
});

describe('changing the CSV column mapping', () => {
  it('reads the next upload through the new columns, keeps the other settings, and is audited', async () => {
    const csv = 'MRN,Surname,First Name,DOB\n40000099,Osei,Yaw,04/12/1990\n';
    const before = await appErrorOf(uploadCsv(database, admin, { kind: 'patients', csv }));
    expect(before).toMatchObject({ reason: 'bridge.csvMissingColumns' });
    try {
      const saved = await updateCsvMapping(database, admin, {
        kind: 'patients',
        columns: { mrn: 'MRN', family: ' Surname ', given: 'First Name', birthDate: 'DOB', email: '' },
      });
      expect(saved.columns.slice(0, 5)).toEqual([
        { field: 'mrn', column: 'MRN', required: true },
        { field: 'family', column: 'Surname', required: true },
        { field: 'given', column: 'First Name', required: false },
        { field: 'birthDate', column: 'DOB', required: false },
        { field: 'gender', column: 'gender', required: false },
      ]);
      expect(await uploadCsv(database, admin, { kind: 'patients', csv })).toMatchObject({ applied: 1 });
      expect(await patientsWithMrn('40000099')).toHaveLength(1);
      const settings = (await context()).settings;
      expect(settings.csv.dateFormat).toBe('MM/DD/YYYY');
      expect(settings.csv.columns.patients).toEqual({
        mrn: 'MRN',
        family: 'Surname',
        given: 'First Name',
        birthDate: 'DOB',
      });
      const audit = await database.auditEvent.findFirstOrThrow({
        where: { tenantId: clinic.tenant.id, action: 'bridge.settings.updated' },
      });
      expect(audit).toMatchObject({ actorType: 'staff', actorId: 'admin-1' });
      expect(audit.detail).toMatchObject({ setting: 'csv.columns', kind: 'patients', mapped: 4 });
    } finally {
      await updateCsvMapping(database, admin, { kind: 'patients', columns: COLUMNS.patients });
    }
  });

  it('refuses two fields on one column, an unknown field and the front desk, saving nothing', async () => {
    const shared = await appErrorOf(
      updateCsvMapping(database, admin, { kind: 'patients', columns: { mrn: 'Chart No', family: 'Chart No' } }),
    );
    expect(shared).toMatchObject({ code: 'invalid_input', reason: 'bridge.mappingSharedColumn' });
    expect(shared.message).toContain('Chart No');
    const unknown = await appErrorOf(
      updateCsvMapping(database, admin, { kind: 'slots', columns: { chartNumber: 'Chart No' } }),
    );
    expect(unknown).toMatchObject({ code: 'invalid_input', reason: 'bridge.mappingUnknownField' });
    expect(
      (
        await appErrorOf(
          updateCsvMapping(database, { ...admin, role: 'front_desk' }, { kind: 'patients', columns: { mrn: 'X' } }),
        )
      ).code,
    ).toBe('forbidden');
    expect((await context()).settings.csv.columns).toEqual(COLUMNS);
  });
});
