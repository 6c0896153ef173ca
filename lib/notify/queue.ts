/**
 * The notification queues on the app's PostgreSQL (pg-boss, schema `pgboss`). Three queues, so that
 * one-time codes never wait behind anything: `notify-otp` (its own workers, fast retries),
 * `notify-transactional` (confirmations, changes, cancellations, check-ins) and `notify-bulk`
 * (reminders). Jobs carry the notification id and the request id only.
 */
import PgBoss from 'pg-boss';
import type { Prisma } from '@/lib/generated/prisma/client';

export type NotificationPriority = 'otp' | 'transactional' | 'bulk';

export const QUEUES: Record<NotificationPriority, { name: string; retryLimit: number; retryDelay: number; concurrency: number }> = {
  otp: { name: 'notify-otp', retryLimit: 4, retryDelay: 1, concurrency: 4 },
  transactional: { name: 'notify-transactional', retryLimit: 5, retryDelay: 15, concurrency: 2 },
  bulk: { name: 'notify-bulk', retryLimit: 5, retryDelay: 60, concurrency: 2 },
};

export interface NotificationJob {
  notificationId: string;
  requestId?: string | undefined;
}

export async function startQueue(databaseUrl: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 6, supervise: true, schedule: false });
  boss.on('error', (error: unknown) => console.error('notification queue error', error instanceof Error ? error.message : error));
  await boss.start();
  for (const queue of Object.values(QUEUES)) {
    await boss.createQueue(queue.name, { name: queue.name, retryLimit: queue.retryLimit, retryDelay: queue.retryDelay, retryBackoff: true, expireInSeconds: 300 });
  }
  return boss;
}

/** pg-boss writes through the caller's Prisma transaction, so the job exists iff the record does. */
export function transactionDb(tx: Prisma.TransactionClient): { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> } {
  return { executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}
