/**
 * The job queue's plumbing: pg-boss on the app's PostgreSQL (schema `pgboss`). One client per process
 * (one pool, one supervisor, one cron scheduler) carries every job in the app; each area declares its
 * own queues on it (lib/notify/queue.ts, lib/insurance/eligibility-jobs.ts).
 */
import PgBoss from 'pg-boss';
import type { Prisma } from '@/lib/generated/prisma/client';

/**
 * A started pg-boss on the app's PostgreSQL, with no queues declared yet. `schema` separates
 * independent queue sets on one database (tests running side by side).
 */
export async function startPgBoss(databaseUrl: string, schema = 'pgboss'): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema, max: 6, supervise: true, schedule: true });
  boss.on('error', (error: unknown) =>
    console.error('job queue error', error instanceof Error ? error.message : error),
  );
  await boss.start();
  return boss;
}

/**
 * Installs (or upgrades) pg-boss's schema as the database owner, without starting its maintenance:
 * the app role, which may not create schemas, then finds it installed (lib/db/app-role.ts).
 */
export async function installPgBoss(ownerDatabaseUrl: string, schema = 'pgboss'): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerDatabaseUrl, schema, max: 1, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

/** pg-boss writes through the caller's Prisma transaction, so the job exists iff the record does. */
export function transactionDb(tx: Prisma.TransactionClient): {
  executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
} {
  return { executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}
