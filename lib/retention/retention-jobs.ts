/**
 * The daily retention job on the app's pg-boss queue: a cron schedule (03:17 UTC; pg-boss queues one
 * job per tick across every replica) whose worker runs {@link pruneExpiredData} and logs the counts.
 */
import type PgBoss from 'pg-boss';
import { db, type Database } from '@/lib/db/client';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { log } from '@/lib/logger';
import { pruneExpiredData } from './prune-expired-data';

export const RETENTION_QUEUE = 'retention-daily';
export const RETENTION_CRON = '17 3 * * *';

export async function startRetentionJobs(options: { boss: PgBoss; database: Database }): Promise<void> {
  const { boss, database } = options;
  await boss.createQueue(RETENTION_QUEUE, {
    name: RETENTION_QUEUE,
    policy: 'singleton',
    retryLimit: 2,
    retryDelay: 300,
    expireInSeconds: 3600,
  });
  await boss.schedule(RETENTION_QUEUE, RETENTION_CRON, {}, { tz: 'UTC' });
  await boss.work(RETENTION_QUEUE, async () => {
    const report = await pruneExpiredData(database);
    log().info({ retention: report }, 'retention job pruned expired data');
  });
}

/** Starts the retention job on this process's job queue (web server with in-process workers, or `npm run worker`). */
export async function startRetentionWorker(): Promise<void> {
  await startRetentionJobs({ boss: await getJobQueue(), database: db() });
}
