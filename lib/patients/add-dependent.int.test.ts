import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { outcomeCode } from '@/lib/testing/error-code';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { addDependent } from './add-dependent';

const database = testDatabase();
let sandbox: TestFhirSandbox;
let tenant: Tenant;
let provider: SchedulingProvider;
let guardianId = '';
const origin = { requestId: 'req-dependent-1' };

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'dependents',
    seed: { days: 1, practitioners: 1, patients: 6 },
  }));
  provider = createFhirProvider(tenant);
  guardianId = (await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn))?.id ?? '';
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

const child = {
  given: 'Ava',
  family: 'Carter',
  birthDate: '2020-02-29',
  gender: 'female' as const,
  relationship: 'father' as const,
};

describe('adding a dependent', () => {
  it('creates the child with an MRN, links the guardian, and audits it', async () => {
    const dependent = await addDependent(
      { database, provider },
      { tenant, accountId: 'acct-1', guardianPatientId: guardianId, dependent: child, origin },
    );
    expect(dependent.patient.mrn).toMatch(/^\d{8}$/);
    const guardian = await provider.getPatient(guardianId);
    expect((await provider.listDependents(guardian)).map((entry) => entry.patient.id)).toContain(dependent.patient.id);
    expect(
      await database.auditEvent.count({
        where: { tenantId: tenant.id, action: 'dependent.add', patientId: dependent.patient.id },
      }),
    ).toBe(1);
  });

  it('refuses the same child twice, impossible birth dates and adults, adding nothing', async () => {
    const guardian = await provider.getPatient(guardianId);
    const before = (await provider.listDependents(guardian)).length;
    expect(
      await outcomeCode(
        addDependent(
          { database, provider },
          { tenant, accountId: 'acct-1', guardianPatientId: guardianId, dependent: child, origin },
        ),
      ),
    ).toBe('conflict');
    expect(
      await outcomeCode(
        addDependent(
          { database, provider },
          {
            tenant,
            accountId: 'acct-1',
            guardianPatientId: guardianId,
            dependent: { ...child, given: 'Zed', birthDate: '2099-01-01' },
            origin,
          },
        ),
      ),
    ).toBe('invalid_input');
    expect(
      await outcomeCode(
        addDependent(
          { database, provider },
          {
            tenant,
            accountId: 'acct-1',
            guardianPatientId: guardianId,
            dependent: { ...child, given: 'Grown', birthDate: '1990-01-01' },
            origin,
          },
        ),
      ),
    ).toBe('invalid_input');
    expect((await provider.listDependents(guardian)).length).toBe(before);
  });
});
