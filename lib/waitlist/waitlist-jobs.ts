/**
 * The waitlist on the job queue: `waitlist-round` runs one group of offers for one freed slot (payload:
 * clinic and slot ids). Freed slots start a round at once; each round plans the next after the pause
 * (or at the end of quiet hours) with `startAfter`. A failed round is logged and tried at the next plan.
 */
import type PgBoss from 'pg-boss';
import type { Database } from '@/lib/db/client';
import { log } from '@/lib/logger';
import { getTenantById } from '@/lib/tenancy/get-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { offerFreedSlot } from './offer-freed-slot';
import type { WaitlistDeps } from './waitlist-deps';

export const WAITLIST_QUEUE = 'waitlist-round';

export interface WaitlistRoundJob {
  tenantId: string;
  slotId: string;
}

export async function createWaitlistQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(WAITLIST_QUEUE, { name: WAITLIST_QUEUE, retryLimit: 0, expireInSeconds: 300 });
}

/** Plans a round for the slot at `at` (now when left out). */
export async function queueWaitlistRound(boss: PgBoss, job: WaitlistRoundJob, at?: Date): Promise<void> {
  await boss.send(WAITLIST_QUEUE, job, at ? { startAfter: at } : {});
}

/** The hook booking and change detection call with the slots they freed (a clinic with the waitlist off: nothing). */
export function slotsFreedHook(boss: PgBoss): (tenant: Tenant, slotIds: string[]) => Promise<void> {
  return async (tenant, slotIds) => {
    if (!tenant.waitlistSettings.enabled) return;
    for (const slotId of slotIds) await queueWaitlistRound(boss, { tenantId: tenant.id, slotId });
  };
}

export async function startWaitlistWorkers(options: {
  boss: PgBoss;
  database: Database;
  depsFor: (tenant: Tenant) => Promise<WaitlistDeps>;
}): Promise<void> {
  const { boss } = options;
  await createWaitlistQueue(boss);
  await boss.work<WaitlistRoundJob>(WAITLIST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job) return;
    const tenant = await getTenantById(options.database, job.data.tenantId);
    if (!tenant) return;
    const deps = await options.depsFor(tenant);
    await offerFreedSlot(
      { ...deps, scheduleRound: ({ tenantId, slotId, at }) => queueWaitlistRound(boss, { tenantId, slotId }, at) },
      tenant,
      { slotId: job.data.slotId },
    ).catch((error: unknown) =>
      log().warn({ err: error instanceof Error ? error.message : 'unknown' }, 'waitlist round failed'),
    );
  });
}
