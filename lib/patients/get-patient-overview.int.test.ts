import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { outcomeCode } from '@/lib/testing/error-code';
import type { TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { startSandboxClinic } from '@/lib/testing/sandbox-clinic';
import { getPatientOverview } from './get-patient-overview';

const database = testDatabase();
let sandbox: TestFhirSandbox;
let tenant: Tenant;
let provider: SchedulingProvider;
const ids = { guardian: '', sofia: '', stranger: '' };

beforeAll(async () => {
  ({ sandbox, tenant } = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'overview',
    seed: { days: 1, practitioners: 1, patients: 6 },
  }));
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
    const overview = await getPatientOverview(
      { database, provider },
      {
        tenant,
        accountId: 'account-maria',
        patientId: ids.guardian,
        forPatientId: ids.sofia,
        origin: { requestId: 'req-acting-sofia' },
      },
    );
    expect(overview.actingFor?.name.given).toBe('Sofia');
    expect(overview.dependents.map((dependent) => dependent.patient.name.given)).toEqual(['Sofia', 'Mateo']);
    expect([...overview.upcoming, ...overview.past].every((view) => view.appointment.patientId === ids.sofia)).toBe(
      true,
    );
    const reads = await database.auditEvent.findMany({ where: { requestId: 'req-acting-sofia' } });
    expect(reads.map((row) => `${row.action}:${row.outcome}:${row.patientId ?? ''}`)).toEqual([
      `patient.read:success:${ids.sofia}`,
    ]);
  });

  it('treats a patient the guardian is not linked to as not found: shows nothing, audits the refusal', async () => {
    expect(
      await outcomeCode(
        getPatientOverview(
          { database, provider },
          {
            tenant,
            accountId: 'account-maria',
            patientId: ids.guardian,
            forPatientId: ids.stranger,
            origin: { requestId: 'req-acting-stranger' },
          },
        ),
      ),
    ).toBe('not_found');
    const rows = await database.auditEvent.findMany({ where: { requestId: 'req-acting-stranger' } });
    expect(rows.map((row) => `${row.action}:${row.outcome}:${row.patientId ?? ''}`)).toEqual([
      `patient.read:denied:${ids.stranger}`,
    ]);
  });
});
