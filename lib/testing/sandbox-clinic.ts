/**
 * A clinic for integration tests whose EHR is the FHIR sandbox over HTTP: a throwaway sandbox, one
 * partition seeded with the generated demo clinic, and a tenant that reaches it with SMART client
 * credentials, exactly as a real clinic would be onboarded. The partition runs the strict profile by
 * default (lib/fhir-server/profile.ts): what passes here passes against the strictest EHRs.
 */
import type { Database } from '@/lib/db/client';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import type { DemoClinicOptions } from '@/lib/fhir-server/seed/demo-clinic';
import type { EnsurePartitionOptions } from '@/lib/fhir-server/partitions';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { NewTenant } from '@/lib/tenancy/tenant-settings';
import { uniqueSlug } from './database';
import {
  sandboxConnection,
  startTestFhirSandbox,
  type SandboxPartition,
  type TestFhirSandbox,
} from './fhir-sandbox-server';

export const SANDBOX_MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';

export interface SandboxClinic {
  sandbox: TestFhirSandbox;
  partition: SandboxPartition;
  tenant: Tenant;
}

export async function startSandboxClinic(
  database: Database,
  options: {
    databaseServerUrl: string;
    name: string;
    seed?: Partial<DemoClinicOptions>;
    tenant?: Partial<NewTenant>;
    /** The partition's profile, transaction mode and client scopes (strict, atomic, everything by default). */
    sandbox?: EnsurePartitionOptions;
  },
): Promise<SandboxClinic> {
  const sandbox = await startTestFhirSandbox(options.databaseServerUrl);
  const partition = await sandbox.createPartition(options.name, { profile: 'strict', ...options.sandbox });
  const mrnSystem = options.seed?.mrnSystem ?? SANDBOX_MRN_SYSTEM;
  const timeZone = options.seed?.timeZone ?? 'America/Chicago';
  await seedPartition(sandbox.databaseUrl, options.name, {
    startDate: '2031-06-02',
    days: 1,
    practitioners: 1,
    patients: 6,
    ...options.seed,
    mrnSystem,
    timeZone,
  });
  const tenant = await createTenant(database, {
    slug: uniqueSlug(options.name),
    displayName: 'Lakeside',
    timeZone,
    mrnSystem,
    ...sandboxConnection(partition),
    ...options.tenant,
  });
  return { sandbox, partition, tenant };
}
