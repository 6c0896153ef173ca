/**
 * Eligibility jobs on the app's pg-boss queue (same PostgreSQL, schema `pgboss`):
 *  - `eligibility-tick`: a cron job every hour on the hour (pg-boss runs it once across replicas). It
 *    asks, at run time, which clinics have their `nightlyHour` now in their own time zone, and queues
 *    one `eligibility-nightly` job for each (deduplicated per clinic and local date).
 *  - `eligibility-nightly`: checks the next day's appointments of one clinic.
 *  - `eligibility-retry`: one planned retry of an unanswered check (startAfter = its time).
 * Payloads are ids only (plus the request id that planned a retry).
 */
import type PgBoss from 'pg-boss';
import { localDate } from '@/lib/time/zoned';
import type { Database } from '@/lib/db/client';
import { startPgBoss } from '@/lib/jobs/pg-boss';
import { log } from '@/lib/logger';
import { currentRequestContext, runWithRequestContext } from '@/lib/request-context';
import { getTenantById } from '@/lib/tenancy/get-tenant';
import { tenantFromRow, type Tenant } from '@/lib/tenancy/tenant';
import { checkNextDayEligibility } from './check-next-day-eligibility';
import type { InsuranceDeps } from './insurance-deps';
import { retryEligibilityCheck } from './retry-eligibility-check';

export const ELIGIBILITY_QUEUES = {
  tick: 'eligibility-tick',
  nightly: 'eligibility-nightly',
  retry: 'eligibility-retry',
} as const;

export interface NightlyJob {
  tenantId: string;
  /** The clinic's local date on which the run was planned (dedupe key). */
  date: string;
}
export interface RetryJob {
  tenantId: string;
  checkId: string;
  attempts: number;
  /** The request that planned it, so the retry's logs, EHR calls and audit entry name it too. */
  requestId?: string | undefined;
}

export async function createEligibilityQueues(boss: PgBoss): Promise<void> {
  for (const name of Object.values(ELIGIBILITY_QUEUES)) {
    await boss.createQueue(name, { name, retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 3600 });
  }
}

/** A pg-boss with the eligibility queues (tests). `schema` separates test queue sets. */
export async function startEligibilityQueue(databaseUrl: string, schema = 'pgboss'): Promise<PgBoss> {
  const boss = await startPgBoss(databaseUrl, schema);
  await createEligibilityQueues(boss);
  return boss;
}

/** InsuranceDeps.scheduleRetry on the queue. */
export function queueRetries(boss: PgBoss, tenantId: string): InsuranceDeps['scheduleRetry'] {
  return async ({ checkId, attempts, at }) => {
    const job: RetryJob = { tenantId, checkId, attempts, requestId: currentRequestContext()?.requestId };
    await boss.send(ELIGIBILITY_QUEUES.retry, job, { startAfter: at, singletonKey: `${checkId}:${attempts}` });
  };
}

/** Clinics whose nightly hour it is at `now` in their own time zone, with eligibility checks on. */
export async function clinicsDueForNightlyRun(
  database: Database,
  now: Date,
): Promise<{ tenant: Tenant; date: string }[]> {
  const rows = await database.tenant.findMany();
  return rows
    .map(tenantFromRow)
    .filter((tenant) => tenant.insuranceSettings.eligibility.kind !== 'none')
    .filter(
      (tenant) =>
        Number(
          new Intl.DateTimeFormat('en-US', { timeZone: tenant.timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
            now,
          ),
        ) === tenant.insuranceSettings.nightlyHour,
    )
    .map((tenant) => ({ tenant, date: localDate(now, tenant.timeZone) }));
}

export interface EligibilityWorkerOptions {
  database: Database;
  boss: PgBoss;
  /** The insurance deps for a clinic (provider, eligibility adapter, retries on this queue). */
  depsFor: (tenant: Tenant) => InsuranceDeps;
  now?: () => Date;
  /** The tick's cron (UTC); hourly by default. */
  tickCron?: string;
}

/** The tick's work, exported for tests: queue tonight's runs. Returns the jobs queued. */
export async function queueDueNightlyRuns(
  options: Pick<EligibilityWorkerOptions, 'database' | 'boss' | 'now'>,
): Promise<NightlyJob[]> {
  const due = await clinicsDueForNightlyRun(options.database, options.now?.() ?? new Date());
  const jobs: NightlyJob[] = [];
  for (const { tenant, date } of due) {
    const job: NightlyJob = { tenantId: tenant.id, date };
    const id = await options.boss.send(ELIGIBILITY_QUEUES.nightly, job, {
      singletonKey: `${tenant.id}:${date}`,
      singletonSeconds: 3 * 3600,
    });
    if (id) jobs.push(job);
  }
  return jobs;
}

export async function startEligibilityWorkers(options: EligibilityWorkerOptions): Promise<void> {
  const { boss, database } = options;
  await boss.schedule(ELIGIBILITY_QUEUES.tick, options.tickCron ?? '0 * * * *', {}, { tz: 'UTC' });
  await boss.work(ELIGIBILITY_QUEUES.tick, async () => {
    await queueDueNightlyRuns(options);
  });
  await boss.work<NightlyJob>(ELIGIBILITY_QUEUES.nightly, async ([job]) => {
    if (!job) return;
    const tenant = await getTenantById(database, job.data.tenantId);
    if (tenant) await checkNextDayEligibility(options.depsFor(tenant), { tenant });
  });
  await boss.work<RetryJob>(ELIGIBILITY_QUEUES.retry, async ([job]) => {
    if (!job) return;
    const tenant = await getTenantById(database, job.data.tenantId);
    if (!tenant) return;
    await runWithRequestContext({ requestId: job.data.requestId ?? `eligibility-retry-${job.data.checkId}` }, () =>
      retryEligibilityCheck(options.depsFor(tenant), {
        tenant,
        checkId: job.data.checkId,
        attempts: job.data.attempts,
      }),
    );
  });
  log().info('eligibility workers running');
}
