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
import { addDependent } from './add-dependent';

const database = testDatabase();
const mrnSystem = 'https://lakeside-health.example/fhir/mrn';
let sandbox: TestFhirSandbox;
let tenant: Tenant;
let provider: SchedulingProvider;
let guardianId = '';
const origin = { requestId: 'req-dependent-1' };

beforeAll(async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  const partition = await sandbox.createPartition('dependents');
  await seedPartition(sandbox.databaseUrl, 'dependents', { mrnSystem, timeZone: 'America/Chicago', startDate: '2031-06-02', days: 1, practitioners: 1, patients: 6 });
  tenant = await createTenant(database, { slug: uniqueSlug('dep'), displayName: 'Lakeside', timeZone: 'America/Chicago', fhirBaseUrl: partition.baseUrl, mrnSystem, fhirAuth: { type: 'smart-client-secret', tokenUrl: partition.tokenUrl, clientId: partition.clientId, clientSecret: partition.clientSecret, scope: 'system/*.read system/*.write' } });
  provider = createFhirProvider(tenant);
  guardianId = (await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn))?.id ?? '';
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

const child = { given: 'Ava', family: 'Carter', birthDate: '2020-02-29', gender: 'female' as const, relationship: 'father' as const };

describe('adding a dependent', () => {
  it('creates the child with an MRN, links the guardian, and audits it', async () => {
    const dependent = await addDependent({ database, provider }, { tenant, accountId: 'acct-1', guardianPatientId: guardianId, dependent: child, origin });
    expect(dependent.patient.mrn).toMatch(/^\d{8}$/);
    const guardian = await provider.getPatient(guardianId);
    expect((await provider.listDependents(guardian)).map((entry) => entry.patient.id)).toContain(dependent.patient.id);
    expect(await database.auditEvent.count({ where: { tenantId: tenant.id, action: 'dependent.add', patientId: dependent.patient.id } })).toBe(1);
  });

  it('refuses the same child twice, impossible birth dates and adults, adding nothing', async () => {
    const guardian = await provider.getPatient(guardianId);
    const before = (await provider.listDependents(guardian)).length;
    expect(await outcomeCode(addDependent({ database, provider }, { tenant, accountId: 'acct-1', guardianPatientId: guardianId, dependent: child, origin }))).toBe('conflict');
    expect(await outcomeCode(addDependent({ database, provider }, { tenant, accountId: 'acct-1', guardianPatientId: guardianId, dependent: { ...child, given: 'Zed', birthDate: '2099-01-01' }, origin }))).toBe('invalid_input');
    expect(await outcomeCode(addDependent({ database, provider }, { tenant, accountId: 'acct-1', guardianPatientId: guardianId, dependent: { ...child, given: 'Grown', birthDate: '1990-01-01' }, origin }))).toBe('invalid_input');
    expect((await provider.listDependents(guardian)).length).toBe(before);
  });
});
