/**
 * Change detection's side of the process: the job queue with the sync queue declared on it, the sync's
 * dependencies (each clinic's EHR within the change feed's request budget, kept per clinic so its
 * budget is shared by every run in this process) and the workers.
 */
import type PgBoss from 'pg-boss';
import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { startOnce } from '@/lib/jobs/start-once';
import { getNotifier } from '@/lib/notify/get-notifier';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { RequestBudget } from '@/lib/scheduling/fhir/request-budget';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { startWaitlist, waitlistHook } from '@/lib/waitlist/get-waitlist-queue';
import type { SyncDeps } from './sync-deps';
import { createSyncQueue, startSyncWorkers } from './sync-jobs';

export function getSyncQueue(): Promise<PgBoss> {
  return startOnce('sync-queue', async () => {
    const boss = await getJobQueue();
    await createSyncQueue(boss);
    return boss;
  });
}

const providers = new Map<string, { fingerprint: string; provider: SchedulingProvider }>();

/** The clinic's EHR as change detection reads it: within its request budget (per clinic settings). */
export function syncProviderFor(tenant: Tenant): SchedulingProvider {
  const fingerprint = JSON.stringify([tenant.fhirBaseUrl, tenant.fhirAuth, tenant.mrnSystem, tenant.providerSettings]);
  const cached = providers.get(tenant.id);
  if (cached?.fingerprint === fingerprint) return cached.provider;
  const { requestsPerSecond, concurrency } = tenant.providerSettings.changeDetection;
  const provider = createFhirProvider(tenant, { budget: new RequestBudget({ requestsPerSecond, concurrency }) });
  providers.set(tenant.id, { fingerprint, provider });
  return provider;
}

/** Starts change detection in this process (beside the notification workers). */
export async function startChangeDetection(): Promise<void> {
  const [boss, notifier] = await Promise.all([getSyncQueue(), getNotifier()]);
  const deps: SyncDeps = {
    database: db(),
    providerFor: syncProviderFor,
    notifier,
    appBaseUrl: getConfig().APP_BASE_URL,
    onSlotsFreed: await waitlistHook(),
  };
  await startSyncWorkers({ boss, deps });
  await startWaitlist();
}
