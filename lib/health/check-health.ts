/**
 * Readiness of this replica: the database answers and every migration on disk has been applied.
 * Reports which part failed, never credentials or stack traces.
 */
import type { Database } from '@/lib/db/client';
import { listMigrationNames } from '@/lib/db/migration-files';
import { workerStates, type WorkerState } from '@/lib/jobs/worker-status';
import { QUEUES } from '@/lib/notify/queue';
import { listClinicSyncStatus, type ClinicSyncStatus } from '@/lib/sync/sync-status';
import packageJson from '@/package.json';

export interface HealthCheck {
  ok: boolean;
  detail?: string;
}

export interface QueueHealth extends HealthCheck {
  /** One-time codes due but not yet taken by any worker (of any replica). */
  otpWaiting: number;
  /** How long the oldest of them has been due, in seconds. */
  otpOldestWaitingSeconds: number | null;
}

export interface WorkersHealth extends HealthCheck {
  /** This process's worker areas; empty when they run in `npm run worker` processes. */
  workers: Record<string, WorkerState>;
}

/**
 * `ok`; `degraded` (200: requests are served, but codes are not going out or this replica's workers
 * are retrying their start); `unavailable` (503: database or migrations).
 */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  version: string;
  checks: {
    database: HealthCheck;
    migrations: HealthCheck & { pending?: string[] };
    queue?: QueueHealth;
    workers?: WorkersHealth;
  };
  /** Facts that do not decide readiness. */
  details?: { changeDetection: ClinicSyncStatus[] };
}

/** One-time codes due longer than this mean that no worker anywhere is sending them. */
export const OTP_STALL_SECONDS = 60;

const DATABASE_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function checkHealth(
  database: Database,
  migrationsDir?: string,
  jobQueueSchema = 'pgboss',
): Promise<HealthReport> {
  const version = packageJson.version;
  let applied: Set<string>;
  try {
    const rows = await withTimeout(
      database.$queryRaw<
        { migration_name: string }[]
      >`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      DATABASE_TIMEOUT_MS,
    );
    applied = new Set(rows.map((row) => row.migration_name));
  } catch (error) {
    const unreachable = !(error instanceof Error && /_prisma_migrations/.test(error.message));
    return {
      status: 'unavailable',
      version,
      checks: unreachable
        ? {
            database: { ok: false, detail: 'database unreachable' },
            migrations: { ok: false, detail: 'unknown while the database is unreachable' },
          }
        : { database: { ok: true }, migrations: { ok: false, detail: 'no migrations have been applied' } },
    };
  }
  const pending = (await listMigrationNames(migrationsDir)).filter((name) => !applied.has(name));
  const migrations =
    pending.length === 0 ? { ok: true } : { ok: false, detail: `${pending.length} migration(s) not applied`, pending };
  const queue = await checkQueue(database, jobQueueSchema);
  const workers = checkWorkers();
  const status = !migrations.ok ? 'unavailable' : queue.ok && workers.ok ? 'ok' : 'degraded';
  // Each clinic's change detection (lib/sync); left out while its table is not there yet.
  const changeDetection = migrations.ok
    ? await withTimeout(listClinicSyncStatus(database), DATABASE_TIMEOUT_MS).catch(() => null)
    : null;
  return {
    status,
    version,
    checks: { database: { ok: true }, migrations, queue, workers },
    ...(changeDetection ? { details: { changeDetection } } : {}),
  };
}

/** The job queue (shared by every replica): installed, and one-time codes not left waiting. */
async function checkQueue(database: Database, schema: string): Promise<QueueHealth> {
  try {
    const rows = await withTimeout(
      database.$queryRawUnsafe<{ waiting: number; oldest: number | null }[]>(
        `SELECT count(*)::int AS waiting, EXTRACT(EPOCH FROM now() - min(start_after))::float8 AS oldest
           FROM "${schema}".job WHERE name = $1 AND state IN ('created', 'retry') AND start_after < now()`,
        QUEUES.otp.name,
      ),
      DATABASE_TIMEOUT_MS,
    );
    const waiting = rows[0]?.waiting ?? 0;
    const oldest = rows[0]?.oldest === null || rows[0]?.oldest === undefined ? null : Math.round(rows[0].oldest);
    const stalled = oldest !== null && oldest > OTP_STALL_SECONDS;
    return {
      ok: !stalled,
      ...(stalled ? { detail: `${waiting} one-time code(s) waiting ${oldest} s: no worker is sending them` } : {}),
      otpWaiting: waiting,
      otpOldestWaitingSeconds: oldest,
    };
  } catch {
    return {
      ok: false,
      detail: 'job queue not installed or not readable',
      otpWaiting: 0,
      otpOldestWaitingSeconds: null,
    };
  }
}

function checkWorkers(): WorkersHealth {
  const workers = workerStates();
  const retrying = Object.entries(workers).filter(([, worker]) => worker.state === 'retrying');
  return {
    ok: retrying.length === 0,
    ...(retrying.length > 0
      ? { detail: `workers failed to start, retrying: ${retrying.map(([name]) => name).join(', ')}` }
      : {}),
    workers,
  };
}
