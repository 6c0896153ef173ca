/**
 * Change detection on the app's job queue (pg-boss, same PostgreSQL):
 *  - `sync-clinic`: one run for one clinic (payload: the clinic's id). Policy `short`: at most one
 *    queued run per clinic; the lease in run-clinic-sync.ts keeps one running per clinic across
 *    replicas. Runs of different clinics go side by side (`concurrency` workers per process), so one
 *    clinic's flood of changes never holds up another's, and the notification queues (one-time codes
 *    first) have workers of their own.
 *  - a dispatcher in each worker process: every second it claims the clinics whose next poll is due
 *    (compare-and-set on `ClinicSync.nextRunAt`, so one replica queues each) and queues their runs.
 */
import type PgBoss from 'pg-boss';
import type { Database } from '@/lib/db/client';
import { log } from '@/lib/logger';
import { getTenantById } from '@/lib/tenancy/get-tenant';
import { runClinicSync } from './run-clinic-sync';
import type { SyncDeps } from './sync-deps';

export const SYNC_QUEUE = 'sync-clinic';

export interface SyncJob {
  tenantId: string;
}

export async function createSyncQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: 'short', retryLimit: 0, expireInSeconds: 900 });
}

/** Queues a run for the clinic now (a no-op when one is already queued). */
export async function queueClinicSync(boss: PgBoss, tenantId: string): Promise<void> {
  const job: SyncJob = { tenantId };
  await boss.send(SYNC_QUEUE, job, { singletonKey: tenantId });
}

/**
 * The clinics whose poll is due at `now`, claimed for this caller: their next poll moved on by their
 * interval (the Subscription backstop interval when the EHR notifies). Clinics without a row get one.
 */
export async function claimDueClinics(database: Database, now: Date): Promise<string[]> {
  await database.$executeRaw`
    INSERT INTO "ClinicSync" ("tenantId", "updatedAt") SELECT t.id, now() FROM "Tenant" t
    WHERE NOT EXISTS (SELECT 1 FROM "ClinicSync" c WHERE c."tenantId" = t.id)`;
  const due = await database.clinicSync.findMany({ where: { nextRunAt: { lte: now } }, select: { tenantId: true } });
  const claimed: string[] = [];
  for (const { tenantId } of due) {
    const tenant = await getTenantById(database, tenantId);
    const settings = tenant?.providerSettings.changeDetection;
    if (!tenant || !settings?.enabled) {
      await database.clinicSync.update({
        where: { tenantId },
        data: { nextRunAt: new Date(now.getTime() + 3_600_000) },
      });
      continue;
    }
    const row = await database.clinicSync.findUnique({ where: { tenantId }, select: { source: true } });
    const seconds =
      row?.source === 'subscription' ? settings.subscriptionPollIntervalSeconds : settings.pollIntervalSeconds;
    const taken = await database.clinicSync.updateMany({
      where: { tenantId, nextRunAt: { lte: now } },
      data: { nextRunAt: new Date(now.getTime() + seconds * 1000) },
    });
    if (taken.count === 1) claimed.push(tenantId);
  }
  return claimed;
}

export interface SyncWorkers {
  stop: () => void;
}

/** Starts this process's sync workers and dispatcher. */
export async function startSyncWorkers(options: {
  boss: PgBoss;
  deps: SyncDeps;
  concurrency?: number;
  dispatchEveryMs?: number;
}): Promise<SyncWorkers> {
  const { boss, deps } = options;
  await createSyncQueue(boss);
  for (let worker = 0; worker < (options.concurrency ?? 4); worker += 1)
    await boss.work<SyncJob>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (!job) return;
      const tenant = await getTenantById(deps.database, job.data.tenantId);
      if (!tenant) return;
      // A failed run is recorded on the clinic (health) and tried again at the next poll.
      await runClinicSync(deps, tenant).catch(() => undefined);
    });
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    claimDueClinics(deps.database, new Date())
      .then((due) => Promise.all(due.map((tenantId) => queueClinicSync(boss, tenantId))))
      .catch((error: unknown) => log().error({ err: error }, 'change detection dispatcher failed'))
      .finally(() => {
        running = false;
      });
  }, options.dispatchEveryMs ?? 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
