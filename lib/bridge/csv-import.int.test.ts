/** CSV exports of a legacy EHR through a clinic's column mapping, into its FHIR repository over HTTP. */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { testDatabase } from '@/lib/testing/database';
import { SANDBOX_MRN_SYSTEM, startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import type { BridgeContext } from './bridge-context';
import { configureBridge, loadBridgeContext } from './configure-bridge';
import { CsvFileRefused, importCsv } from './csv/import-csv';
import { importCsvFolder } from './csv/import-csv-folder';

const database = testDatabase();
let clinic: SandboxClinic;
let context: BridgeContext;
let fhir: ContractClient;
let folder: string;

async function patientCount(mrn: string): Promise<number> {
  const reply = await fhir.request<{ entry?: unknown[] }>(
    'GET',
    `Patient?identifier=${encodeURIComponent(`${SANDBOX_MRN_SYSTEM}|${mrn}`)}`,
  );
  return reply.body.entry?.length ?? 0;
}

beforeAll(async () => {
  clinic = await startSandboxClinic(database, { databaseServerUrl: inject('databaseServerUrl'), name: 'bridge-csv' });
  folder = await mkdtemp(path.join(tmpdir(), 'bridge-csv-'));
  await configureBridge(database, clinic.tenant.id, {
    csv: {
      watchFolder: folder,
      dateFormat: 'MM/DD/YYYY',
      columns: { patients: { mrn: 'Chart No', family: 'Last Name', given: 'First Name', birthDate: 'DOB' } },
    },
  });
  const loaded = await loadBridgeContext(database, clinic.tenant.id);
  if (!loaded) throw new Error('not bridged');
  context = loaded;
  fhir = new ContractClient(clinic.partition);
  await fhir.authenticate();
}, 120_000);

afterAll(async () => {
  await clinic.sandbox.close();
});

const PATIENTS = [
  'Chart No,Last Name,First Name,DOB,phone',
  '30000018,Okafor,Chidi,02/14/1982,3125550142',
  '30000026,Novak,Eva,1982-02-14,',
].join('\n');

describe('CSV import', () => {
  it('applies good rows through the column mapping and quarantines a date in the wrong format', async () => {
    const summary = await importCsv(context, { kind: 'patients', stream: Readable.from([PATIENTS]) });
    expect(summary).toEqual({ rows: 2, applied: 1, duplicates: 0, quarantined: 1 });
    expect(await patientCount('30000018')).toBe(1);
    expect(await patientCount('30000026')).toBe(0);
    const row = await database.bridgeRecord.findFirstOrThrow({
      where: { tenantId: clinic.tenant.id, source: 'csv', status: 'quarantined' },
    });
    expect(row).toMatchObject({ reason: 'badDate', reasonField: 'DOB' });
    expect(row.raw).toContain('Novak');
  });

  it('is idempotent: the same file again applies nothing twice', async () => {
    const summary = await importCsv(context, { kind: 'patients', stream: Readable.from([PATIENTS]) });
    expect(summary.duplicates).toBe(1);
    expect(await patientCount('30000018')).toBe(1);
  });

  it('refuses a file with a missing column before any row is applied', async () => {
    const csv = 'Chart No,First Name\n30000034,Mia\n';
    await expect(importCsv(context, { kind: 'patients', stream: Readable.from([csv]) })).rejects.toBeInstanceOf(
      CsvFileRefused,
    );
    expect(await patientCount('30000034')).toBe(0);
  });

  it('imports what the EHR drops in the watched folder and moves the file away', async () => {
    await writeFile(
      path.join(folder, 'patients-0601.csv'),
      'Chart No,Last Name,First Name,DOB\n30000042,Kim,Jae,07/01/1970\n',
    );
    const results = await importCsvFolder(context);
    expect(results).toEqual([
      { file: 'patients-0601.csv', summary: { rows: 1, applied: 1, duplicates: 0, quarantined: 0 }, refused: null },
    ]);
    expect(await patientCount('30000042')).toBe(1);
    expect(await readdir(path.join(folder, 'imported'))).toEqual(['patients-0601.csv']);
  });

  it('applies rows several at a time, in file order per patient (a later row wins, a dependent follows)', async () => {
    const mrns = Array.from({ length: 12 }, (_, index) => `4100${String(index).padStart(4, '0')}`);
    const lines = [
      'Chart No,Last Name,First Name,DOB,phone,guardianMrn',
      ...mrns.map((mrn) => `${mrn},First,Row,01/01/1980,312555${mrn.slice(-4)},`),
      ...mrns.map((mrn) => `${mrn},Second,Row,01/01/1980,773555${mrn.slice(-4)},`),
      `42000001,Child,One,05/05/2015,,${mrns[0]}`,
      `42000002,Child,Two,06/06/2017,,${mrns[0]}`,
    ];
    const summary = await importCsv(context, { kind: 'patients', stream: Readable.from([lines.join('\n')]) });
    expect(summary).toEqual({ rows: 26, applied: 26, duplicates: 0, quarantined: 0 });
    for (const mrn of mrns) {
      const reply = await fhir.request<{
        entry?: { resource: { name?: { family?: string }[]; telecom?: { value?: string }[] } }[];
      }>('GET', `Patient?identifier=${encodeURIComponent(`${SANDBOX_MRN_SYSTEM}|${mrn}`)}`);
      expect(reply.body.entry).toHaveLength(1);
      const patient = reply.body.entry?.[0]?.resource;
      expect(patient?.name?.[0]?.family).toBe('Second');
      expect(patient?.telecom?.map((contact) => contact.value)).toContain(`773555${mrn.slice(-4)}`);
    }
    const guardian = await fhir.request<{ entry?: { resource: { link?: unknown[] } }[] }>(
      'GET',
      `Patient?identifier=${encodeURIComponent(`${SANDBOX_MRN_SYSTEM}|${mrns[0]}`)}`,
    );
    expect(guardian.body.entry?.[0]?.resource.link).toHaveLength(2);
  });
});
