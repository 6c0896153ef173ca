/**
 * `npm run bench:load [-- --duration 60 --connections 50 --users 200 --processes 1,2]`
 * Load on the real app (production build, `next start`) on the embedded stack (PostgreSQL, the demo
 * clinic in the embedded FHIR sandbox), with autocannon:
 * 1. slot search: `connections` clients, each request a different signed-in patient's
 *    `GET /api/demo/slots?service=primary-care`;
 * 2. booking journey: `users` virtual patients at once, each searching, booking one of the free
 *    times offered and cancelling it, again and again.
 * Both run against one app process and against two app processes on one database (`--processes`).
 * Prints requests per second, p50/p95/p99 and the slowest per route, 4xx (e.g. a slot another patient just took:
 * expected), errors (5xx, timeouts: aim none), and double bookings (two live appointments on one
 * slot, read from the FHIR server afterwards: must be none).
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { measure, printTable, runBench, percentile, type Measurement } from './stats';
import { startAppStack, type AppStack, type SignedInPatient } from './app-stack';
import { backendsCpuSpent, cpuMsOf, databaseBackendsCpu } from './process-stats';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    users: { type: 'string', default: '200' },
    processes: { type: 'string', default: '1,2' },
    scenarios: { type: 'string', default: 'overhead,slots,journey' },
    /** Writes a CPU profile of each app process into this folder (open it in Chrome DevTools). */
    'cpu-profile': { type: 'string' },
  },
});

export interface LoadRow {
  scenario: string;
  processes: number;
  route: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The slowest request (the booking path's promise: every transaction under 3 s). */
  max: number;
  status4xx: number;
  errors: number;
}

class RouteSamples {
  private readonly samples = new Map<string, { times: number[]; status4xx: number; errors: number }>();
  record(route: string, milliseconds: number, status: number): void {
    const entry = this.samples.get(route) ?? { times: [], status4xx: 0, errors: 0 };
    entry.times.push(milliseconds);
    if (status >= 400 && status < 500) entry.status4xx += 1;
    if (status >= 500 || status === 0) entry.errors += 1;
    this.samples.set(route, entry);
  }
  error(route: string): void {
    const entry = this.samples.get(route) ?? { times: [], status4xx: 0, errors: 0 };
    entry.errors += 1;
    this.samples.set(route, entry);
  }
  rows(scenario: string, processes: number, seconds: number): LoadRow[] {
    return [...this.samples.entries()].map(([route, entry]) => ({
      scenario,
      processes,
      route,
      requests: entry.times.length,
      perSecond: entry.times.length / seconds,
      p50: percentile(entry.times, 50),
      p95: percentile(entry.times, 95),
      p99: percentile(entry.times, 99),
      max: entry.times.reduce((slowest, time) => Math.max(slowest, time), 0),
      status4xx: entry.status4xx,
      errors: entry.errors,
    }));
  }
}

interface Context {
  started?: number;
  patient?: SignedInPatient;
  slot?: { id: string; version: string };
  appointmentId?: string;
}

/** Runs autocannon on every origin at once (connections split between them). */
async function runOnOrigins(
  origins: string[],
  connections: number,
  seconds: number,
  requests: (samples: RouteSamples) => autocannon.Request[],
  samples: RouteSamples,
): Promise<number> {
  const results = await Promise.all(
    origins.map((origin, index) =>
      autocannon({
        url: origin,
        connections: Math.max(
          1,
          Math.floor(connections / origins.length) + (index < connections % origins.length ? 1 : 0),
        ),
        duration: seconds,
        timeout: 10,
        requests: requests(samples),
      }),
    ),
  );
  return results.reduce((sum, result) => sum + result.errors + result.timeouts, 0);
}

function nextPatient(patients: SignedInPatient[]): () => SignedInPatient {
  let index = 0;
  return () => {
    index = (index + 1) % patients.length;
    return patients[index] as SignedInPatient;
  };
}

const SLOTS_PATH = '/api/demo/slots?service=primary-care';

async function slotSearch(stack: AppStack, patients: SignedInPatient[], connections: number, seconds: number) {
  const samples = new RouteSamples();
  const pick = nextPatient(patients);
  const transportErrors = await runOnOrigins(
    stack.origins,
    connections,
    seconds,
    (recorder) => [
      {
        method: 'GET',
        path: SLOTS_PATH,
        setupRequest: (request, context: Context) => {
          context.started = performance.now();
          return { ...request, headers: { ...request.headers, cookie: pick().cookie } };
        },
        onResponse: (status, _body, context: Context) =>
          recorder.record('GET /api/demo/slots', performance.now() - (context.started ?? 0), status),
      },
    ],
    samples,
  );
  for (let index = 0; index < transportErrors; index += 1) samples.error('GET /api/demo/slots');
  return samples.rows('slot search', stack.origins.length, seconds);
}

async function bookingJourney(stack: AppStack, patients: SignedInPatient[], users: number, seconds: number) {
  const samples = new RouteSamples();
  const pick = nextPatient(patients);
  const origin = stack.origins[0] ?? '';
  const transportErrors = await runOnOrigins(
    stack.origins,
    users,
    seconds,
    (recorder) => [
      {
        method: 'GET',
        path: SLOTS_PATH,
        setupRequest: (request, context: Context) => {
          context.patient = pick();
          context.started = performance.now();
          return { ...request, headers: { ...request.headers, cookie: context.patient.cookie } };
        },
        onResponse: (status, body, context: Context) => {
          recorder.record('GET /api/demo/slots', performance.now() - (context.started ?? 0), status);
          if (status !== 200) return;
          const items = (JSON.parse(body) as { items: { id: string; version: string }[] }).items;
          // Patients pick different times, often the same popular ones: conflicts are part of the load.
          const slot = items[Math.floor(Math.random() * Math.min(items.length, 10))];
          context.slot = slot ? { id: slot.id, version: slot.version } : undefined;
        },
      },
      {
        method: 'POST',
        path: '/api/demo/appointments',
        setupRequest: (request, context: Context) => {
          if (!context.slot || !context.patient) return undefined as unknown as autocannon.Request;
          context.started = performance.now();
          return {
            ...request,
            headers: {
              ...request.headers,
              cookie: context.patient.cookie,
              origin,
              'content-type': 'application/json',
              'idempotency-key': crypto.randomUUID(),
            },
            body: JSON.stringify({
              forPatient: context.patient.patientId,
              slotId: context.slot.id,
              slotVersion: context.slot.version,
            }),
          };
        },
        onResponse: (status, body, context: Context) => {
          recorder.record('POST /api/demo/appointments', performance.now() - (context.started ?? 0), status);
          context.appointmentId =
            status === 201 ? (JSON.parse(body) as { appointment: { id: string } }).appointment.id : undefined;
        },
      },
      {
        method: 'DELETE',
        path: '/api/demo/appointments/',
        setupRequest: (request, context: Context) => {
          if (!context.appointmentId || !context.patient) return undefined as unknown as autocannon.Request;
          context.started = performance.now();
          return {
            ...request,
            path: `/api/demo/appointments/${context.appointmentId}`,
            headers: {
              ...request.headers,
              cookie: context.patient.cookie,
              origin,
              'content-type': 'application/json',
            },
            body: JSON.stringify({}),
          };
        },
        onResponse: (status, _body, context: Context) =>
          recorder.record('DELETE /api/demo/appointments/{id}', performance.now() - (context.started ?? 0), status),
      },
    ],
    samples,
  );
  for (let index = 0; index < transportErrors; index += 1) samples.error('transport (timeouts, resets)');
  return samples.rows('booking journey', stack.origins.length, seconds);
}

/**
 * The app's own overhead: `GET /api/demo/slots` against the FHIR search it makes (the same query the
 * adapter sends: one service, free, two weeks, sorted, with schedules), one request at a time, interleaved.
 */
async function overhead(stack: AppStack, patients: SignedInPatient[], iterations: number): Promise<Measurement[]> {
  const origin = stack.origins[0] ?? '';
  const system = stack.tenant.providerSettings.serviceTypeSystem;
  const fhirPath = (): string => {
    const from = new Date();
    const to = new Date(from.getTime() + 14 * 86_400_000);
    const service = encodeURIComponent(`${system ? `${system}|` : ''}primary-care`);
    return (
      `/Slot?service-type=${service}&status=free&start=ge${from.toISOString()}&start=lt${to.toISOString()}` +
      '&_sort=start&_include=Slot:schedule&_count=30'
    );
  };
  const app = await measure(
    `${stack.origins.length} process(es): GET /api/demo/slots, one at a time`,
    iterations,
    async (index) => {
      const reply = await fetch(`${origin}${SLOTS_PATH}`, {
        headers: { cookie: patients[index % patients.length]?.cookie ?? '' },
      });
      await reply.text();
      if (reply.status !== 200) throw new Error(`slots: ${reply.status}`);
    },
  );
  const fhir = await measure(
    `${stack.origins.length} process(es): the FHIR search it makes, one at a time`,
    iterations,
    async () => {
      const reply = await stack.fhir.request('GET', fhirPath());
      if (reply.status !== 200) throw new Error(`FHIR search: ${reply.status}`);
    },
  );
  return [app, fhir];
}

/** CPU and database work per slot search, summed over the app process and the database's backends. */
export interface SearchCost {
  searches: number;
  appCpuMs: number;
  databaseCpuMs: number;
  appDatabaseTransactions: number;
  sandboxDatabaseTransactions: number;
}

async function databaseWork(stack: AppStack): Promise<{ cpu: Map<number, number>; app: number; sandbox: number }> {
  // The statistics are flushed by each backend about once a second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const cpu = await databaseBackendsCpu(stack);
  const totals = await stack.database.$queryRawUnsafe<{ datname: string; xact_commit: bigint }[]>(
    'SELECT datname, xact_commit FROM pg_stat_database WHERE datname IN ($1, $2)',
    stack.databaseNames.app,
    stack.databaseNames.sandbox,
  );
  const count = (name: string): number => Number(totals.find((row) => row.datname === name)?.xact_commit ?? 0);
  return {
    cpu,
    app: count(stack.databaseNames.app),
    sandbox: count(stack.databaseNames.sandbox),
  };
}

/**
 * What one slot search costs the machine, independent of how busy it is: `searches` searches, 8 at a
 * time, and the CPU the app process and the database spent on them, with the database transactions
 * (round trips) they made. Background jobs in the same seconds are counted too (a small share).
 */
async function searchCost(stack: AppStack, patients: SignedInPatient[], searches: number): Promise<SearchCost> {
  const origin = stack.origins[0] ?? '';
  const before = await databaseWork(stack);
  const appBefore = cpuMsOf(stack.pids[0] ?? 0);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < searches) {
        const index = next++;
        const reply = await fetch(`${origin}${SLOTS_PATH}`, {
          headers: { cookie: patients[index % patients.length]?.cookie ?? '' },
        });
        await reply.arrayBuffer();
        if (reply.status !== 200) throw new Error(`slots: ${reply.status}`);
      }
    }),
  );
  const appCpu = cpuMsOf(stack.pids[0] ?? 0) - appBefore;
  const after = await databaseWork(stack);
  const databaseCpu = backendsCpuSpent(before.cpu, after.cpu);
  return {
    searches,
    appCpuMs: appCpu / searches,
    databaseCpuMs: databaseCpu / searches,
    appDatabaseTransactions: (after.app - before.app) / searches,
    sandboxDatabaseTransactions: (after.sandbox - before.sandbox) / searches,
  };
}

export function printSearchCost(cost: SearchCost): void {
  console.log(
    `\nPer slot search (${cost.searches}, 8 at a time, 1 process): app CPU ${cost.appCpuMs.toFixed(1)} ms, ` +
      `database CPU ${cost.databaseCpuMs.toFixed(1)} ms, database transactions: app ` +
      `${cost.appDatabaseTransactions.toFixed(1)}, FHIR sandbox ${cost.sandboxDatabaseTransactions.toFixed(1)}`,
  );
}

/** Live appointments per slot, read from the clinic's FHIR server: any slot with two is a double booking. */
async function doubleBookings(stack: AppStack): Promise<number> {
  const perSlot = new Map<string, number>();
  let path: string | null = '/Appointment?_count=200';
  while (path) {
    const reply: {
      body: { entry?: { resource?: Record<string, unknown> }[]; link?: { relation: string; url: string }[] };
    } = await stack.fhir.request('GET', path);
    for (const entry of reply.body.entry ?? []) {
      const appointment = entry.resource as { status?: string; slot?: { reference?: string }[] } | undefined;
      if (!appointment || ['cancelled', 'entered-in-error', 'noshow'].includes(appointment.status ?? '')) continue;
      for (const slot of appointment.slot ?? [])
        perSlot.set(slot.reference ?? '', (perSlot.get(slot.reference ?? '') ?? 0) + 1);
    }
    path = reply.body.link?.find((link) => link.relation === 'next')?.url ?? null;
  }
  return [...perSlot.values()].filter((count) => count > 1).length;
}

export function printLoadTable(rows: LoadRow[]): void {
  console.log(
    '\n| scenario | app processes | route | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | 4xx ' +
      '| errors |\n' +
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const row of rows)
    console.log(
      `| ${row.scenario} | ${row.processes} | ${row.route} | ${row.requests} | ${row.perSecond.toFixed(1)} | ` +
        `${row.p50.toFixed(0)} | ${row.p95.toFixed(0)} | ${row.p99.toFixed(0)} | ${row.max.toFixed(0)} | ` +
        `${row.status4xx} | ${row.errors} |`,
    );
}

export async function runLoad(options: {
  seconds: number;
  connections: number;
  users: number;
  processes: number[];
  scenarios: string[];
  cpuProfileDir?: string;
}): Promise<{ rows: LoadRow[]; doubleBookings: number; overhead: Measurement[]; cost: SearchCost | null }> {
  const rows: LoadRow[] = [];
  const overheadRows: Measurement[] = [];
  let cost: SearchCost | null = null;
  let doubled = 0;
  for (const processes of options.processes) {
    const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const stack = await startAppStack({ processes, nodeArgs });
    try {
      const patients = await stack.patients(200);
      // Warm-up: compile the routes and fill the per-clinic caches, as a running server has.
      await slotSearch(stack, patients, 4, 3);
      if (options.scenarios.includes('overhead') && processes === 1) {
        overheadRows.push(...(await overhead(stack, patients, 200)));
        cost = await searchCost(stack, patients, 400);
      }
      if (options.scenarios.includes('slots'))
        rows.push(...(await slotSearch(stack, patients, options.connections, options.seconds)));
      if (options.scenarios.includes('journey')) {
        rows.push(...(await bookingJourney(stack, patients, options.users, options.seconds)));
        const found = await doubleBookings(stack);
        console.log(`${processes} app process(es): ${found} double booking(s)`);
        doubled += found;
      }
    } finally {
      await stack.stop();
    }
  }
  return { rows, doubleBookings: doubled, overhead: overheadRows, cost };
}

if (process.argv[1]?.endsWith('load.ts'))
  runBench(async () => {
    const {
      rows,
      doubleBookings: doubled,
      overhead: overheadRows,
      cost,
    } = await runLoad({
      seconds: Number(values.duration),
      connections: Number(values.connections),
      users: Number(values.users),
      processes: (values.processes ?? '1').split(',').map(Number),
      scenarios: (values.scenarios ?? '').split(','),
      cpuProfileDir: values['cpu-profile'],
    });
    printTable(overheadRows);
    if (cost) printSearchCost(cost);
    printLoadTable(rows);
    console.log(`\nDouble bookings: ${doubled} (must be 0)`);
    if (doubled > 0) process.exitCode = 1;
  });
