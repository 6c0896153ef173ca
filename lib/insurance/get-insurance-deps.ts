/** Production wiring of the insurance use-cases: the clinic's EHR provider, its eligibility adapter, the queue. */
import type PgBoss from 'pg-boss';
import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { InsuranceDeps } from './eligibility-deps';
import { queueRetries, startEligibilityQueue, startEligibilityWorkers } from './eligibility-jobs';
import { getEligibilityProvider } from './get-eligibility-provider';

const globalForEligibility = globalThis as typeof globalThis & { __eligibilityQueue?: Promise<PgBoss> };

export function getEligibilityQueue(): Promise<PgBoss> {
  globalForEligibility.__eligibilityQueue ??= startEligibilityQueue(getConfig().DATABASE_URL);
  return globalForEligibility.__eligibilityQueue;
}

export function insuranceDepsWith(boss: PgBoss, tenant: Tenant): InsuranceDeps {
  return { database: db(), provider: getSchedulingProvider(tenant), eligibility: getEligibilityProvider(tenant), scheduleRetry: queueRetries(boss, tenant.id) };
}

export async function insuranceDeps(tenant: Tenant): Promise<InsuranceDeps> {
  return insuranceDepsWith(await getEligibilityQueue(), tenant);
}

/** Starts the nightly schedule and the eligibility workers in this process (beside the notification workers). */
export async function startEligibilityJobs(): Promise<void> {
  const boss = await getEligibilityQueue();
  await startEligibilityWorkers({ database: db(), boss, depsFor: (tenant) => insuranceDepsWith(boss, tenant) });
}
