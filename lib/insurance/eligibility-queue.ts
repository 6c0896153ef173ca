/**
 * The eligibility checks' side of the process's job queue: the queue with the eligibility queues
 * declared on it, the insurance use-cases' dependencies for a clinic, and the workers.
 */
import type PgBoss from 'pg-boss';
import { db } from '@/lib/db/client';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { getConfig } from '@/lib/config';
import { startOnce } from '@/lib/jobs/start-once';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { createEligibilityQueues, queueRetries, startEligibilityWorkers } from './eligibility-jobs';
import { getEligibilityProvider } from './get-eligibility-provider';
import type { InsuranceDeps } from './insurance-deps';

/** The process's job queue with the eligibility queues declared on it (retried after a failed start). */
export function getEligibilityQueue(): Promise<PgBoss> {
  return startOnce('eligibility-queue', async () => {
    const boss = await getJobQueue();
    await createEligibilityQueues(boss);
    return boss;
  });
}

/**
 * The insurance use-cases' dependencies at a clinic: the clinic's EHR provider, its eligibility adapter
 * and retries planned on `queue` (the process's eligibility queue unless given), reached only when a
 * retry is planned.
 */
export function insuranceDepsFor(tenant: Tenant, queue: () => Promise<PgBoss> = getEligibilityQueue): InsuranceDeps {
  return {
    database: db(),
    provider: getSchedulingProvider(tenant),
    eligibility: getEligibilityProvider(tenant),
    scheduleRetry: async (retry) => queueRetries(await queue(), tenant.id)(retry),
  };
}

/** Starts the nightly schedule and the eligibility workers in this process (beside the notification workers). */
export async function startEligibilityJobs(): Promise<void> {
  const boss = await getEligibilityQueue();
  await startEligibilityWorkers({
    database: db(),
    boss,
    tickCron: getConfig().ELIGIBILITY_TICK_CRON,
    depsFor: (tenant) => insuranceDepsFor(tenant, () => Promise.resolve(boss)),
  });
}
