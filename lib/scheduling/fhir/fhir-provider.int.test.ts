/**
 * The FHIR adapter against real FHIR servers over HTTP: the embedded sandbox in its lenient and strict
 * profiles, or any FHIR R4 server named by FHIR_CONTRACT_BASE_URL (+ _TOKEN_URL, _CLIENT_ID,
 * _CLIENT_SECRET, optional _SCOPE). The clinic is seeded through the REST API under an MRN system of its
 * own, so repeated runs against one server do not collide.
 */
import { afterAll, inject } from 'vitest';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { contractTargetKinds, type ContractTargetKind } from '@/lib/fhir-server/contract/targets';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { startTestFhirSandbox, type SandboxPartition, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { seedClinicOverHttp } from '@/lib/testing/seed-over-http';
import { providerSettingsSchema } from '@/lib/tenancy/tenant-settings';
import { describeProviderContract } from '../provider.contract';
import { createFhirProvider } from './create-fhir-provider';

const sandboxes: TestFhirSandbox[] = [];

afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
});

/** How the sandbox partition books: the slot transactions, or the IHE operations (only, in the strict profile). */
type Booking = 'slot-transactions' | 'operations';

async function target(
  kind: ContractTargetKind,
  booking: Booking,
): Promise<SandboxPartition & { scope?: string; operationsOnly?: () => Promise<void> }> {
  if (kind === 'external') {
    const baseUrl = process.env.FHIR_CONTRACT_BASE_URL ?? '';
    return {
      baseUrl,
      tokenUrl: process.env.FHIR_CONTRACT_TOKEN_URL ?? `${baseUrl}/auth/token`,
      clientId: process.env.FHIR_CONTRACT_CLIENT_ID ?? '',
      clientSecret: process.env.FHIR_CONTRACT_CLIENT_SECRET ?? '',
      ...(process.env.FHIR_CONTRACT_SCOPE ? { scope: process.env.FHIR_CONTRACT_SCOPE } : {}),
    };
  }
  const sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  sandboxes.push(sandbox);
  const name = `provider-${kind}${booking === 'operations' ? '-ops' : ''}`;
  const partition = await sandbox.createPartition(name, {
    profile: kind,
    scheduling: booking === 'operations' ? 'operations' : 'slot-writes',
  });
  if (booking === 'slot-transactions' || kind === 'lenient') return partition;
  // The strict partition takes no Slot writes from clients once seeded (an EHR that only offers the operations).
  return {
    ...partition,
    operationsOnly: async () => {
      await sandbox.createPartition(name, {
        scheduling: 'operations-only',
        clientId: partition.clientId,
        clientSecret: partition.clientSecret,
      });
    },
  };
}

const targets = contractTargetKinds().flatMap((kind) => [
  { kind, booking: 'slot-transactions' as const },
  ...(kind === 'external' ? [] : [{ kind, booking: 'operations' as const }]),
]);

for (const { kind, booking } of targets) {
  describeProviderContract(`FHIR adapter over HTTP (${kind}, ${booking})`, async () => {
    const partition = await target(kind, booking);
    const mrnSystem = `https://contract.example/mrn/${Date.now().toString(36)}`;
    const admin = new ContractClient(partition);
    await admin.authenticate();
    await seedClinicOverHttp(admin, {
      mrnSystem,
      timeZone: 'America/Chicago',
      startDate: '2031-06-02',
      days: 10,
      practitioners: 6,
      patients: 20,
    });
    await partition.operationsOnly?.();
    const provider = createFhirProvider({
      fhirBaseUrl: partition.baseUrl,
      fhirAuth: {
        type: 'smart-client-secret',
        tokenUrl: partition.tokenUrl,
        clientId: partition.clientId,
        clientSecret: partition.clientSecret,
        ...(partition.scope ? { scope: partition.scope } : {}),
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
      holds: booking === 'operations',
      serviceCode: 'primary-care',
      from: '2031-06-02T00:00:00.000Z',
      to: '2031-06-12T00:00:00.000Z',
      clinicians: {
        complete: {
          displayName: 'NP Grace Wong',
          gender: 'female',
          qualification: 'Nurse practitioner',
          languages: ['yue', 'cmn', 'en'],
          specialtyCode: 'pediatrics',
        },
        bare: { displayName: 'NP Jordan Lee' },
      },
      revokeLink: async (linkId) => {
        const current = await admin.request<Record<string, unknown>>('GET', `/RelatedPerson/${linkId}`);
        const updated = await admin.request('PUT', `/RelatedPerson/${linkId}`, {
          body: { ...current.body, active: false },
        });
        if (updated.status !== 200) throw new Error(`could not revoke link: ${updated.status}`);
      },
    };
  });
}
