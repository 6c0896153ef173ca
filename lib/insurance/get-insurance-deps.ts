/** Production wiring of the insurance use-cases: the clinic's EHR provider, its eligibility adapter, the queue. */
import type PgBoss from 'pg-boss';
import { db } from '@/lib/db/client';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { startOnce } from '@/lib/jobs/start-once';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { InsuranceDeps } from './eligibility-deps';
import { createEligibilityQueues, queueRetries, startEligibilityWorkers } from './eligibility-jobs';
import { getEligibilityProvider } from './get-eligibility-provider';

/** The process's job queue with the eligibility queues declared on it (retried after a failed start). */
export function getEligibilityQueue(): Promise<PgBoss> {
  return startOnce('eligibility-queue', async () => {
    const boss = await getJobQueue();
    await createEligibilityQueues(boss);
    return boss;
  });
}

export function insuranceDepsWith(boss: PgBoss, tenant: Tenant): InsuranceDeps {
  return {
    database: db(),
    provider: getSchedulingProvider(tenant),
    eligibility: getEligibilityProvider(tenant),
    scheduleRetry: queueRetries(boss, tenant.id),
  };
}

export async function insuranceDeps(tenant: Tenant): Promise<InsuranceDeps> {
  return insuranceDepsWith(await getEligibilityQueue(), tenant);
}

/** Starts the nightly schedule and the eligibility workers in this process (beside the notification workers). */
export async function startEligibilityJobs(): Promise<void> {
  const boss = await getEligibilityQueue();
  await startEligibilityWorkers({ database: db(), boss, depsFor: (tenant) => insuranceDepsWith(boss, tenant) });
}
