/**
 * `npm run bench:clinics [-- --clinics 1000 --steady 60]`
 * What one deployment carries: one app process (production build, `next start`) on the embedded stack
 * with the demo clinic only, then with `clinics` clinics (the demo and `clinics - 1` more, each a small
 * partition of the embedded FHIR sandbox, a tenant pointing at it with client credentials as the demo
 * clinic does, and every default of a new clinic: change detection polls every 30 s). Prints:
 * - onboarding: how long the extra clinics took (partitions, data seeded in bulk, tenants);
 * - start-up: spawn of `next start` to /api/health answering;
 * - memory: the app process's RSS after start and after every clinic's first change-detection sync
 *   (ClinicSync.lastSuccessAt / lastErrorAt set), and the difference per extra clinic;
 * - steady state over `steady` seconds: the app process's CPU share, the database backends' CPU, sync
 *   runs completed per second (against the clinics' schedule), failed runs, and a slot search
 *   (`GET /api/demo/slots?service=primary-care`, one at a time, 5 a second) p50/p95 meanwhile.
 * The machine's load (uptime) is printed with the figures: other work on it moves them.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Database } from '@/lib/db/client';
import { demoTenant } from '@/lib/demo/demo-tenant';
import { sandboxPool } from '@/lib/fhir-server/db';
import { ensurePartition } from '@/lib/fhir-server/partitions';
import { newVersionLabel } from '@/lib/fhir-server/profile';
import { generateDemoClinic } from '@/lib/fhir-server/seed/demo-clinic';
import { insertNewResources } from '@/lib/fhir-server/store';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { localDate } from '@/lib/time/zoned';
import { startAppStack, type SignedInPatient } from './app-stack';
import { backendsCpuSpent, cpuMsOf, databaseBackendsCpu, rssMibOf } from './process-stats';
import { percentile, runBench } from './stats';

export interface Onboarding {
  clinics: number;
  resources: number;
  ms: number;
}

/**
 * Onboards `count` clinics besides the demo clinic, 4 at a time: each a sandbox partition with a client,
 * a small clinic in it (2 practitioners, a week of slots, a few patients: inserted in bulk) and a tenant
 * made from the demo clinic's settings pointing at that partition. One VACUUM ANALYZE at the end.
 */
export async function onboardClinics(
  stack: { database: Database; appBaseUrl: string; sandboxDatabaseUrl: string },
  count: number,
): Promise<Onboarding> {
  const started = performance.now();
  const pool = await sandboxPool(stack.sandboxDatabaseUrl);
  const defaults = demoTenant(stack.appBaseUrl);
  const startDate = localDate(new Date(), defaults.timeZone);
  let next = 0;
  let resources = 0;
  const onboardOne = async (index: number): Promise<void> => {
    const slug = `clinic-${String(index).padStart(5, '0')}`;
    const credentials = await ensurePartition(stack.sandboxDatabaseUrl, slug);
    const clinic = generateDemoClinic({
      mrnSystem: defaults.mrnSystem,
      timeZone: defaults.timeZone,
      startDate,
      days: 7,
      practitioners: 2,
      patients: 6,
      seed: index,
    });
    await insertNewResources(pool, slug, clinic, { labels: (versionId) => newVersionLabel('lenient', versionId) });
    resources += clinic.length;
    const fhirBaseUrl = `${stack.appBaseUrl}/fhir/${slug}`;
    const fhirAuth = {
      type: 'smart-client-secret',
      tokenUrl: `${fhirBaseUrl}/auth/token`,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    } as const;
    await createTenant(stack.database, {
      ...defaults,
      slug,
      displayName: `Bench clinic ${index}`,
      fhirBaseUrl,
      fhirAuth,
      insuranceSettings: {
        ...defaults.insuranceSettings,
        eligibility: { kind: 'fhir', baseUrl: fhirBaseUrl, auth: fhirAuth },
      },
    });
  };
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) await onboardOne((next += 1));
    }),
  );
  await pool.query('VACUUM (ANALYZE) resources, resource_history, idx_token, idx_string, idx_date, idx_reference');
  return { clinics: count, resources, ms: performance.now() - started };
}

export interface ClinicsFigures {
  clinics: number;
  onboarding: Onboarding | null;
  startupMs: number;
  rssAfterStartMib: number;
  /** From /api/health answering until every clinic's first sync ran (or the wait gave up). */
  firstSyncMs: number;
  firstSynced: number;
  rssAfterFirstSyncMib: number;
  rssAfterSteadyMib: number;
  steadySeconds: number;
  appCpuShare: number;
  databaseCpuShare: number;
  syncRuns: number;
  syncRunsPerSecond: number;
  /** Every clinic's poll interval (the demo clinic's, which every bench clinic copies). */
  pollIntervalSeconds: number;
  /** Runs a second the clinics' poll intervals ask for (poll: 30 s, with Subscriptions: 300 s by default). */
  scheduledRunsPerSecond: number;
  clinicsBySource: Record<string, number>;
  failedRuns: number;
  clinicsWithError: number;
  searches: number;
  searchP50: number;
  searchP95: number;
  searchErrors: number;
  loadAverage: string;
}

const SLOTS_PATH = '/api/demo/slots?service=primary-care';

function machineLoad(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

async function syncedClinics(database: Database): Promise<number> {
  return database.clinicSync.count({
    where: { OR: [{ lastSuccessAt: { not: null } }, { lastErrorAt: { not: null } }] },
  });
}

/** Sync runs that finished, told apart by a change of a clinic's lastSuccessAt or lastErrorAt. */
class SyncRuns {
  private readonly seen = new Map<string, { success: number; error: number }>();
  runs = 0;
  failed = 0;
  async read(database: Database, count: boolean): Promise<{ bySource: Record<string, number>; withError: number }> {
    const rows = await database.clinicSync.findMany({
      select: { tenantId: true, lastSuccessAt: true, lastErrorAt: true, lastError: true, source: true },
    });
    const bySource: Record<string, number> = {};
    let withError = 0;
    for (const row of rows) {
      const now = { success: row.lastSuccessAt?.getTime() ?? 0, error: row.lastErrorAt?.getTime() ?? 0 };
      const before = this.seen.get(row.tenantId);
      if (count && before) {
        if (now.success !== before.success) this.runs += 1;
        if (now.error !== before.error) {
          this.runs += 1;
          this.failed += 1;
        }
      }
      this.seen.set(row.tenantId, now);
      bySource[row.source] = (bySource[row.source] ?? 0) + 1;
      if (row.lastError) withError += 1;
    }
    return { bySource, withError };
  }
}

async function measureStack(
  clinics: number,
  steadySeconds: number,
  firstSyncTimeoutSeconds: number,
): Promise<ClinicsFigures> {
  let onboarding: Onboarding | null = null;
  const stack = await startAppStack({
    processes: 1,
    beforeStart:
      clinics > 1
        ? async (context) => {
            onboarding = await onboardClinics(context, clinics - 1);
            console.log(
              `onboarded ${clinics - 1} clinics (${onboarding.resources} FHIR resources) in ` +
                `${(onboarding.ms / 1000).toFixed(1)} s`,
            );
          }
        : undefined,
  });
  try {
    const pid = stack.pids[0] ?? 0;
    const origin = stack.origins[0] ?? '';
    const rssAfterStartMib = rssMibOf(pid);
    const healthyAt = performance.now();
    const deadline = healthyAt + firstSyncTimeoutSeconds * 1000;
    let firstSynced = await syncedClinics(stack.database);
    while (firstSynced < clinics && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      firstSynced = await syncedClinics(stack.database);
    }
    const firstSyncMs = performance.now() - healthyAt;
    const rssAfterFirstSyncMib = rssMibOf(pid);
    console.log(
      `${clinics} clinic(s): ${firstSynced} first syncs in ${(firstSyncMs / 1000).toFixed(1)} s, ` +
        `RSS ${rssAfterStartMib.toFixed(0)} -> ${rssAfterFirstSyncMib.toFixed(0)} MiB`,
    );

    const patients = await stack.patients(20);
    const search = async (patient: SignedInPatient | undefined): Promise<{ ms: number; ok: boolean }> => {
      const started = performance.now();
      const reply = await fetch(`${origin}${SLOTS_PATH}`, { headers: { cookie: patient?.cookie ?? '' } });
      await reply.arrayBuffer();
      return { ms: performance.now() - started, ok: reply.status === 200 };
    };
    // Warm-up: compile the route and fill the demo clinic's caches, as a running server has.
    for (let index = 0; index < 10; index += 1) await search(patients[index % patients.length]);

    const runs = new SyncRuns();
    await runs.read(stack.database, false);
    const appBefore = cpuMsOf(pid);
    const databaseBefore = await databaseBackendsCpu(stack);
    const started = performance.now();
    const end = started + steadySeconds * 1000;
    const times: number[] = [];
    let searchErrors = 0;
    const searching = (async () => {
      for (let index = 0; performance.now() < end; index += 1) {
        const result = await search(patients[index % patients.length]).catch(() => ({ ms: 0, ok: false }));
        if (result.ok) times.push(result.ms);
        else searchErrors += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 200 - result.ms)));
      }
    })();
    const polling = (async () => {
      while (performance.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await runs.read(stack.database, true);
      }
    })();
    await Promise.all([searching, polling]);
    const elapsedMs = performance.now() - started;
    const appCpuMs = cpuMsOf(pid) - appBefore;
    const databaseAfter = await databaseBackendsCpu(stack);
    const databaseCpuMs = backendsCpuSpent(databaseBefore, databaseAfter);
    const { bySource, withError } = await runs.read(stack.database, true);
    const settings = stack.tenant.providerSettings.changeDetection;
    const scheduledRunsPerSecond =
      (bySource.poll ?? 0) / settings.pollIntervalSeconds +
      (bySource.subscription ?? 0) / settings.subscriptionPollIntervalSeconds;
    return {
      clinics,
      onboarding,
      startupMs: stack.startupMs[0] ?? Number.NaN,
      rssAfterStartMib,
      firstSyncMs,
      firstSynced,
      rssAfterFirstSyncMib,
      rssAfterSteadyMib: rssMibOf(pid),
      steadySeconds: elapsedMs / 1000,
      appCpuShare: appCpuMs / elapsedMs,
      databaseCpuShare: databaseCpuMs / elapsedMs,
      syncRuns: runs.runs,
      syncRunsPerSecond: runs.runs / (elapsedMs / 1000),
      pollIntervalSeconds: settings.pollIntervalSeconds,
      scheduledRunsPerSecond,
      clinicsBySource: bySource,
      failedRuns: runs.failed,
      clinicsWithError: withError,
      searches: times.length,
      searchP50: percentile(times, 50),
      searchP95: percentile(times, 95),
      searchErrors,
      loadAverage: machineLoad(),
    };
  } finally {
    await stack.stop();
  }
}

export interface ClinicsRow {
  figure: string;
  one: string;
  many: string;
}

export interface ClinicsResult {
  one: ClinicsFigures;
  many: ClinicsFigures;
  rows: ClinicsRow[];
  /** Memory the app process holds per extra clinic (MiB), after every clinic's first sync. */
  memoryPerClinicMib: number;
  /** The sync runs keep up with the clinics' poll intervals (at least 90 % of the runs they ask for). */
  onSchedule: boolean;
  findings: string[];
}

export async function runClinicsBench(options: {
  clinics: number;
  steadySeconds: number;
  firstSyncTimeoutSeconds?: number;
}): Promise<ClinicsResult> {
  const timeout = options.firstSyncTimeoutSeconds ?? 300;
  const loadBefore = machineLoad();
  const one = await measureStack(1, options.steadySeconds, timeout);
  const many = await measureStack(options.clinics, options.steadySeconds, timeout);
  const extra = Math.max(1, options.clinics - 1);
  const memoryPerClinicMib = (many.rssAfterFirstSyncMib - one.rssAfterFirstSyncMib) / extra;
  const percent = (share: number): string => `${(share * 100).toFixed(1)} % of a core`;
  const sources = (figures: ClinicsFigures): string =>
    Object.entries(figures.clinicsBySource)
      .map(([source, count]) => `${source} ${count}`)
      .join(', ');
  const both = (label: string, value: (figures: ClinicsFigures) => string): ClinicsRow => ({
    figure: label,
    one: value(one),
    many: value(many),
  });
  const onboarding = many.onboarding;
  const rows: ClinicsRow[] = [
    {
      figure: 'onboarding the extra clinics (partitions, data in bulk, tenants, one VACUUM ANALYZE)',
      one: '',
      many: onboarding
        ? `${(onboarding.ms / 1000).toFixed(1)} s for ${onboarding.clinics} (${onboarding.resources} resources)`
        : '',
    },
    both('start-up: spawn of `next start` to /api/health answering', (f) => `${(f.startupMs / 1000).toFixed(1)} s`),
    both('RSS of the app process after start', (f) => `${f.rssAfterStartMib.toFixed(0)} MiB`),
    both(
      "every clinic's first sync: clinics synced, time after start",
      (f) => `${f.firstSynced} / ${f.clinics} in ${(f.firstSyncMs / 1000).toFixed(1)} s`,
    ),
    both('RSS after every first sync', (f) => `${f.rssAfterFirstSyncMib.toFixed(0)} MiB`),
    {
      figure: 'memory per extra clinic (RSS difference / (N-1))',
      one: '',
      many: `${(memoryPerClinicMib * 1024).toFixed(0)} KiB`,
    },
    both('RSS after the steady window', (f) => `${f.rssAfterSteadyMib.toFixed(0)} MiB`),
    both('steady state: app process CPU', (f) => percent(f.appCpuShare)),
    both('steady state: database backends CPU', (f) => percent(f.databaseCpuShare)),
    both(
      'sync runs completed / s (runs the poll intervals ask for / s)',
      (f) => `${f.syncRunsPerSecond.toFixed(2)} (${f.scheduledRunsPerSecond.toFixed(2)})`,
    ),
    both('clinics by change source (poll every 30 s, subscription: backstop every 300 s)', sources),
    both(
      'failed sync runs in the window; clinics with lastError at the end',
      (f) => `${f.failedRuns}; ${f.clinicsWithError}`,
    ),
    both(
      'slot search meanwhile (one at a time, 5/s): p50 / p95, errors',
      (f) => `${f.searchP50.toFixed(0)} / ${f.searchP95.toFixed(0)} ms (${f.searches}), ${f.searchErrors}`,
    ),
    both('machine load average (1, 5, 15 min) at the end', (f) => f.loadAverage),
  ];
  const findings: string[] = [];
  const onSchedule = many.firstSynced === many.clinics && many.syncRunsPerSecond >= 0.9 * many.scheduledRunsPerSecond;
  if (many.firstSynced < many.clinics)
    findings.push(
      `Only ${many.firstSynced} of ${many.clinics} clinics had their first sync within ${timeout} s of start: ` +
        'one process does not get round all of them.',
    );
  if (many.syncRunsPerSecond < 0.9 * many.scheduledRunsPerSecond)
    findings.push(
      `Runs behind schedule: ${many.syncRunsPerSecond.toFixed(2)} sync runs/s against ` +
        `${many.scheduledRunsPerSecond.toFixed(2)}/s that ${many.clinics} clinics' intervals ask for.`,
    );
  const pollEveryone = many.clinics / many.pollIntervalSeconds;
  if (many.syncRunsPerSecond < 0.9 * pollEveryone)
    findings.push(
      `At a ${many.pollIntervalSeconds} s poll for every clinic (no Subscriptions) ` +
        `${many.clinics} clinics would need ${pollEveryone.toFixed(1)} runs/s; ` +
        `this process completed ${many.syncRunsPerSecond.toFixed(2)}/s with ${sources(many)}.`,
    );
  if (many.failedRuns > 0 || many.clinicsWithError > 0)
    findings.push(`${many.failedRuns} failed sync runs, ${many.clinicsWithError} clinics with an error at the end.`);
  findings.push(`Machine load average before the runs: ${loadBefore} (2 cores shared with other work).`);
  return { one, many, rows, memoryPerClinicMib, onSchedule, findings };
}

export function printClinicsTable(result: ClinicsResult): void {
  console.log(`\n| figure | 1 clinic | ${result.many.clinics} clinics |\n| --- | --- | --- |`);
  for (const row of result.rows) console.log(`| ${row.figure} | ${row.one} | ${row.many} |`);
  console.log('');
  for (const finding of result.findings) console.log(`- ${finding}`);
}

if (process.argv[1]?.endsWith('clinics.ts'))
  runBench(async () => {
    const { values } = parseArgs({
      options: {
        clinics: { type: 'string', default: '1000' },
        steady: { type: 'string', default: '60' },
        'first-sync-timeout': { type: 'string', default: '300' },
      },
    });
    printClinicsTable(
      await runClinicsBench({
        clinics: Number(values.clinics),
        steadySeconds: Number(values.steady),
        firstSyncTimeoutSeconds: Number(values['first-sync-timeout']),
      }),
    );
  });
