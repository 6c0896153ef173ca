/**
 * Two app processes on one database, as two replicas behind a load balancer: a second production
 * server (`scripts/serve.ts`, as `npm start` runs it: same build, same environment) beside the one
 * Playwright started. Nothing may
 * depend on being the only process: limits, live desk events and the nightly job are shared through
 * PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';
import { DEMO_LOCATIONS } from '@/lib/fhir-server/seed/demo-clinic';
import { runDbTask } from './support/db-task-client';
import { DemoFhir } from './support/fhir';
import { JAMES } from './support/patient';
import { freePort } from '@/lib/testing/free-port';
import { signInAsStaff } from './support/passkey';

const [frontDesk] = DEMO_STAFF;
const [LOOP] = DEMO_LOCATIONS;
const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';

let second: ChildProcess | null = null;
let secondOrigin = '';
let startedAt = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  startedAt = new Date().toISOString();
  const port = await freePort();
  // The same host name as the first process (cookies are per host, not per port).
  secondOrigin = `http://localhost:${port}`;
  second = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      ELIGIBILITY_TICK_CRON: '* * * * *',
    },
    stdio: 'ignore',
  });
  await expect
    .poll(async () => (await fetch(`${secondOrigin}/api/health`).catch(() => null))?.status ?? 0, {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe(200);
});

test.afterAll(async () => {
  if (second && second.exitCode === null) {
    const exited = new Promise((resolve) => second?.once('exit', resolve));
    second.kill('SIGTERM');
    await exited;
  }
});

test('a sign-in limit reached on one process holds on the other', async ({ request, baseURL }) => {
  // An MRN nobody has: a few free failures per MRN and source, then a wait, counted in the shared database.
  const mrn = `TP${Date.now().toString(36)}`;
  const attempt = (origin: string): Promise<number> =>
    request
      .post(`${origin}/api/demo/login/start`, { data: { mrn, birthDate: '1990-01-01' } })
      .then((response) => response.status());
  const first: number[] = [];
  // LOGIN_FAILURES_PER_MRN_AND_SOURCE.freeFailures (lib/identity/patient/mrn-login.ts; the module
  // cannot be loaded here: it brings the Prisma client).
  const freeFailures = 5;
  for (let index = 0; index < freeFailures; index += 1) first.push(await attempt(baseURL ?? ''));
  expect(first.every((status) => status === 200)).toBe(true);
  expect(await attempt(secondOrigin)).toBe(429);
  expect(await attempt(baseURL ?? '')).toBe(429);
});

test('a check-in made on one process reaches a board open on the other at once', async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  const fhir = new DemoFhir(request);
  const [patientId, locationId, practitionerId] = await Promise.all([
    fhir.firstId('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|${JAMES.mrn}`)}`),
    fhir.firstId('Location', `name=${encodeURIComponent(LOOP.name)}`),
    fhir.firstId('Practitioner', '_count=1'),
  ]);
  const appointmentId = await fhir.createAppointment({
    patientId,
    practitionerId,
    locationId,
    start: new Date(Math.floor(Date.now() / 60_000) * 60_000),
    minutes: 20,
  });

  // The clerk signs in on the first process; the session cookie is good on every replica.
  await signInAsStaff(page, frontDesk);

  // The board's live feed is served by the second process.
  await page.goto(`${secondOrigin}/demo/staff`);
  await page.evaluate(() => {
    const received: string[] = [];
    (window as unknown as { received: string[] }).received = received;
    const source = new EventSource('/api/demo/desk/events');
    source.addEventListener('desk', (event) => received.push((event as MessageEvent<string>).data));
    return new Promise<void>((resolve) => source.addEventListener('open', () => resolve()));
  });

  // The check-in is made on the first process.
  const arrived = await page.request.post(`${baseURL}/api/demo/desk/appointments/${appointmentId}`, {
    data: { action: 'arrive' },
    headers: { origin: baseURL ?? '' },
  });
  expect(arrived.status(), await arrived.text()).toBe(200);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { received: string[] }).received.join('\n')))
    .toContain(`"appointmentId":"${appointmentId}"`);
});

test('the nightly job runs once, though both processes keep its clock', async () => {
  test.setTimeout(260_000);
  runDbTask('nightlyHourNow', { tenant: 'demo' });
  type Counts = { ticks: { minute: string; jobs: number }[]; nightly: string[] };
  const counts = (): Counts => runDbTask<Counts>('jobCounts', { tenant: 'demo', since: startedAt });
  // The clock ticks every minute here; each tick, on whichever process, queues the clinic's due run.
  await expect.poll(() => counts().nightly.length, { timeout: 150_000, intervals: [5000] }).toBeGreaterThanOrEqual(1);
  // One more tick after that: both processes had the chance to queue the run again.
  const ticksSoFar = counts().ticks.length;
  await expect.poll(() => counts().ticks.length, { timeout: 90_000, intervals: [5000] }).toBeGreaterThan(ticksSoFar);
  const { ticks, nightly } = counts();
  expect(ticks.every((tick) => tick.jobs === 1)).toBe(true);
  expect(nightly).toHaveLength(1);
});
