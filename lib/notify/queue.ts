/**
 * The notification queues on the app's PostgreSQL (pg-boss, schema `pgboss`). Three queues, so that
 * one-time codes never wait behind anything: `notify-otp` (its own workers, fast retries),
 * `notify-transactional` (confirmations, changes, cancellations, check-ins) and `notify-bulk`
 * (reminders). Jobs carry the notification id and the request id only.
 */
import type PgBoss from 'pg-boss';
import { startPgBoss } from '@/lib/jobs/pg-boss';

export type NotificationPriority = 'otp' | 'transactional' | 'bulk';

/**
 * Per queue: workers per process, jobs fetched per poll, and the delays (seconds) before each retry of a
 * transient failure, with jitter added; after the last one the message is dead. Retries are scheduled
 * by the notifier itself (not by failing the job), so one message's failure never retries a batch.
 */
export const QUEUES: Record<
  NotificationPriority,
  { name: string; concurrency: number; batchSize: number; retryDelays: number[] }
> = {
  otp: { name: 'notify-otp', concurrency: 2, batchSize: 4, retryDelays: [1, 2, 4] },
  transactional: { name: 'notify-transactional', concurrency: 2, batchSize: 10, retryDelays: [15, 60, 300, 900] },
  bulk: { name: 'notify-bulk', concurrency: 2, batchSize: 25, retryDelays: [60, 300, 900, 3600] },
};

export interface NotificationJob {
  notificationId: string;
  requestId?: string | undefined;
  /**
   * A sign-in code for a contact point that does not exist (a wrong MRN or birth date): queued like a
   * real one so that the answer cannot be told apart, and dropped by the worker.
   */
  decoy?: true | undefined;
}

export async function createNotificationQueues(boss: PgBoss): Promise<void> {
  for (const queue of Object.values(QUEUES)) {
    await boss.createQueue(queue.name, { name: queue.name, retryLimit: 0, expireInSeconds: 300 });
  }
}

/** A pg-boss of its own with the notification queues (tests, benchmarks; the app uses `getNotifier`). */
export async function startQueue(databaseUrl: string, schema = 'pgboss'): Promise<PgBoss> {
  const boss = await startPgBoss(databaseUrl, schema);
  await createNotificationQueues(boss);
  return boss;
}
