import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { outcomeCode } from '@/lib/testing/error-code';
import { startTestFhirSandbox, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { getPatientOverview } from './get-patient-overview';

const database = testDatabase();
const mrnSystem = 'https://lakeside-health.example/fhir/mrn';
let sandbox: TestFhirSandbox;
let tenant: Tenant;
let provider: SchedulingProvider;
const ids = { guardian: '', sofia: '', stranger: '' };

beforeAll(async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  const partition = await sandbox.createPartition('overview');
  await seedPartition(sandbox.databaseUrl, 'overview', { mrnSystem, timeZone: 'America/Chicago', startDate: '2031-06-02', days: 1, practitioners: 1, patients: 6 });
  tenant = await createTenant(database, { slug: uniqueSlug('ovw'), displayName: 'Lakeside', timeZone: 'America/Chicago', fhirBaseUrl: partition.baseUrl, mrnSystem, fhirAuth: { type: 'smart-client-secret', tokenUrl: partition.tokenUrl, clientId: partition.clientId, clientSecret: partition.clientSecret, scope: 'system/*.read system/*.write' } });
  provider = createFhirProvider(tenant);
  ids.guardian = (await provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn))?.id ?? '';
  ids.sofia = (await provider.findPatientByMrn(DEMO_PATIENTS.dependents[0].mrn))?.id ?? '';
  ids.stranger = (await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn))?.id ?? '';
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

describe('acting for someone on the home page', () => {
  it('narrows the page to a linked dependent, reading and auditing only them', async () => {
    const overview = await getPatientOverview({ database, provider }, { tenant, accountId: 'account-maria', patientId: ids.guardian, forPatientId: ids.sofia, origin: { requestId: 'req-acting-sofia' } });
    expect(overview.actingFor?.name.given).toBe('Sofia');
    expect(overview.dependents.map((dependent) => dependent.patient.name.given)).toEqual(['Sofia', 'Mateo']);
    expect([...overview.upcoming, ...overview.past].every((view) => view.appointment.patientId === ids.sofia)).toBe(true);
    const reads = await database.auditEvent.findMany({ where: { requestId: 'req-acting-sofia' } });
    expect(reads.map((row) => `${row.action}:${row.outcome}:${row.patientId ?? ''}`)).toEqual([`patient.read:success:${ids.sofia}`]);
  });

  it('treats a patient the guardian is not linked to as not found, showing nothing and auditing the refusal', async () => {
    expect(await outcomeCode(getPatientOverview({ database, provider }, { tenant, accountId: 'account-maria', patientId: ids.guardian, forPatientId: ids.stranger, origin: { requestId: 'req-acting-stranger' } }))).toBe('not_found');
    const rows = await database.auditEvent.findMany({ where: { requestId: 'req-acting-stranger' } });
    expect(rows.map((row) => `${row.action}:${row.outcome}:${row.patientId ?? ''}`)).toEqual([`patient.read:denied:${ids.stranger}`]);
  });
});
