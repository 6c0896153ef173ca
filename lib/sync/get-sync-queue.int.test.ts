/**
 * Each clinic's request budget for change detection comes from its settings (`changeDetection`
 * `requestsPerSecond` and `concurrency`), and follows them when an administrator changes them.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { startDroppingProxy, type DroppingProxy } from '@/lib/testing/dropping-proxy';
import { startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import { syncProviderFor } from './get-sync-queue';

const database = testDatabase();
let clinic: SandboxClinic;
let proxy: DroppingProxy;
let tenant: Tenant;

beforeAll(async () => {
  clinic = await startSandboxClinic(database, { databaseServerUrl: inject('databaseServerUrl'), name: 'sync-budget' });
  const origin = new URL(clinic.tenant.fhirBaseUrl).origin;
  // A vendor that takes 300 ms a request and would admit far more than the clinic's budget.
  proxy = await startDroppingProxy(origin, () => false, { delayMs: 300, requestsPerSecond: 1000 });
  tenant = { ...clinic.tenant, fhirBaseUrl: clinic.tenant.fhirBaseUrl.replace(origin, proxy.origin) };
}, 60_000);

afterAll(async () => {
  await proxy.close();
  await clinic.sandbox.close();
});

function withBudget(requestsPerSecond: number, concurrency: number): Tenant {
  const settings = tenant.providerSettings;
  return {
    ...tenant,
    providerSettings: {
      ...settings,
      changeDetection: { ...settings.changeDetection, requestsPerSecond, concurrency },
    },
  };
}

/** Milliseconds for `count` reads started at once through the clinic's sync provider. */
async function timeReads(clinicTenant: Tenant, count: number): Promise<number> {
  const provider = syncProviderFor(clinicTenant);
  // Token and CapabilityStatement first, so that only the reads are timed.
  await provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn);
  const started = Date.now();
  await Promise.all(Array.from({ length: count }, () => provider.findPatientByMrn(DEMO_PATIENTS.adult.mrn)));
  return Date.now() - started;
}

describe('the change feed’s request budget per clinic', () => {
  it('holds the clinic’s requests per second', async () => {
    // 2 per second: six reads start over at least 2.5 s, however fast the vendor answers.
    expect(await timeReads(withBudget(2, 8), 6)).toBeGreaterThanOrEqual(2_400);
  });

  it('holds the clinic’s concurrency, and follows a change of its settings', async () => {
    const sequential = withBudget(100, 1);
    expect(syncProviderFor(sequential)).not.toBe(syncProviderFor(withBudget(2, 8)));
    expect(syncProviderFor(sequential)).toBe(syncProviderFor(sequential));
    // One in flight: four reads of 300 ms each, one after another.
    expect(await timeReads(sequential, 4)).toBeGreaterThanOrEqual(1_150);
  });
});
