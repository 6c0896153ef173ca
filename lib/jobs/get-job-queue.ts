/** The process's one pg-boss client (notifications, eligibility checks, ...), started on first use. */
import type PgBoss from 'pg-boss';
import { getConfig } from '@/lib/config';
import { startPgBoss } from './pg-boss';
import { startOnce } from './start-once';

/**
 * The started client, without queues: each area declares its own on it before sending
 * (`getNotifier`, `getEligibilityQueue`). A failed start is retried on the next call.
 */
export function getJobQueue(): Promise<PgBoss> {
  return startOnce('job-queue', () => startPgBoss(getConfig().DATABASE_URL));
}
