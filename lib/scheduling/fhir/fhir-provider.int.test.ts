import { afterAll, inject } from 'vitest';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { startTestFhirSandbox, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { providerSettingsSchema } from '@/lib/tenancy/tenant-settings';
import { describeProviderContract } from '../provider.contract';
import { createFhirProvider } from './create-fhir-provider';

const mrnSystem = 'https://lakeside-health.example/fhir/mrn';
let sandbox: TestFhirSandbox | undefined;

afterAll(async () => {
  await sandbox?.close();
});

describeProviderContract('FHIR adapter against the embedded sandbox over HTTP', async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  const partition = await sandbox.createPartition('provider-contract');
  await seedPartition(sandbox.databaseUrl, 'provider-contract', {
    mrnSystem,
    timeZone: 'America/Chicago',
    startDate: '2031-06-02',
    days: 10,
    practitioners: 6,
    patients: 20,
  });
  const admin = new ContractClient(partition);
  await admin.authenticate();
  const provider = createFhirProvider({
    fhirBaseUrl: partition.baseUrl,
    fhirAuth: {
      type: 'smart-client-secret',
      tokenUrl: partition.tokenUrl,
      clientId: partition.clientId,
      clientSecret: partition.clientSecret,
      scope: 'system/*.read system/*.write',
    },
    mrnSystem,
    providerSettings: providerSettingsSchema.parse({
      serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
    }),
  });
  return {
    provider,
    guardianMrn: DEMO_PATIENTS.guardian.mrn,
    adultMrn: DEMO_PATIENTS.adult.mrn,
    dependentBirthDates: DEMO_PATIENTS.dependents.map((dependent) => dependent.birthDate),
    serviceCode: 'primary-care',
    from: '2031-06-02T00:00:00.000Z',
    to: '2031-06-12T00:00:00.000Z',
    revokeLink: async (linkId) => {
      const current = await admin.request<Record<string, unknown>>('GET', `/RelatedPerson/${linkId}`);
      const updated = await admin.request('PUT', `/RelatedPerson/${linkId}`, {
        body: { ...current.body, active: false },
      });
      if (updated.status !== 200) throw new Error(`could not revoke link: ${updated.status}`);
    },
  };
});
