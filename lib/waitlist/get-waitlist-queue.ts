/** The process's waitlist queue and workers (started beside change detection). */
import type PgBoss from 'pg-boss';
import { getConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { startOnce } from '@/lib/jobs/start-once';
import { getNotifier } from '@/lib/notify/get-notifier';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { createWaitlistQueue, slotsFreedHook, startWaitlistWorkers } from './waitlist-jobs';

export function getWaitlistQueue(): Promise<PgBoss> {
  return startOnce('waitlist-queue', async () => {
    const boss = await getJobQueue();
    await createWaitlistQueue(boss);
    return boss;
  });
}

/** The hook booking and change detection call with freed slots. */
export async function waitlistHook(): Promise<(tenant: Tenant, slotIds: string[]) => Promise<void>> {
  return slotsFreedHook(await getWaitlistQueue());
}

export async function startWaitlist(): Promise<void> {
  const [boss, notifier] = await Promise.all([getWaitlistQueue(), getNotifier()]);
  await startWaitlistWorkers({
    boss,
    database: db(),
    depsFor: (tenant) =>
      Promise.resolve({
        database: db(),
        provider: getSchedulingProvider(tenant),
        notifier,
        appBaseUrl: getConfig().APP_BASE_URL,
        onSlotsFreed: slotsFreedHook(boss),
      }),
  });
}
