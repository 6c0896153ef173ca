/**
 * `npm run bench:sync [-- --practitioners 100 --days 90 --delay 200 --rate 10 --concurrency 8 --poll 5
 *   --samples 10 --flood 10000]`:
 * change detection against a slow vendor: a loopback proxy in front of the sandbox (strict profile) that
 * adds `--delay` ms to every request and admits `--rate` requests per second (429 with Retry-After
 * beyond). Prints the first sync of a clinic (its appointments over three months, 100 practitioners)
 * sequential and parallel, their ratio and the share of the vendor's rate limit used; then, in steady
 * state, p50/p95 from a change in the EHR to the account holder's notice being queued, by polling and
 * through a Subscription; and a flood of `--flood` changes in one clinic while another clinic's change
 * and a one-time code go through.
 */
import './throwaway-secrets-key';
import { parseArgs } from 'node:util';
import { bookAppointment } from '@/lib/booking/book-appointment';
import type { BookingDeps, PatientActor } from '@/lib/booking/booking-deps';
import type { Database } from '@/lib/db/client';
import { closeSandboxPool, sandboxPool } from '@/lib/fhir-server/db';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { syncProviderFor } from '@/lib/sync/get-sync-queue';
import { runClinicSync } from '@/lib/sync/run-clinic-sync';
import type { SyncDeps } from '@/lib/sync/sync-deps';
import { queueClinicSync, startSyncWorkers } from '@/lib/sync/sync-jobs';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { startChangeNotificationEndpoint } from '@/lib/testing/change-notification-endpoint';
import { startDroppingProxy, type DroppingProxy } from '@/lib/testing/dropping-proxy';
import { floodSlots } from '@/lib/testing/flood-slots';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import { sandboxConnection, startTestFhirSandbox, type SandboxPartition } from '@/lib/testing/fhir-sandbox-server';
import { openBenchDatabase } from './bench-database';
import { percentile, runBench } from './stats';

const { values } = parseArgs({
  options: {
    practitioners: { type: 'string', default: '100' },
    days: { type: 'string', default: '90' },
    delay: { type: 'string', default: '200' },
    rate: { type: 'string', default: '10' },
    poll: { type: 'string', default: '5' },
    samples: { type: 'string', default: '10' },
    flood: { type: 'string', default: '10000' },
    // Requests in flight for the parallel first sync (the clinic's `changeDetection.concurrency`): with
    // the vendor's 200 ms per request, 8 in flight can keep a 10-per-second limit busy.
    concurrency: { type: 'string', default: '8' },
    // Steady-state clinics re-read this far back each poll (the three months were seeded just before).
    overlap: { type: 'string', default: '15' },
  },
});
const RATE = Number(values.rate);
const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';
const SERVICE_SYSTEM = 'https://lakeside-health.example/fhir/service-type';
const TIME_ZONE = 'America/Chicago';
const startDate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function waitFor(condition: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function clinicTenant(
  database: Database,
  slug: string,
  partition: SandboxPartition,
  proxy: DroppingProxy | null,
  sync: {
    enabled: boolean;
    concurrency: number;
    useSubscriptions: boolean;
    pollIntervalSeconds: number;
    overlapSeconds?: number;
  },
): Promise<Tenant> {
  const base = proxy ? partition.baseUrl.replace(new URL(partition.baseUrl).origin, proxy.origin) : partition.baseUrl;
  return createTenant(database, {
    slug,
    displayName: `Bench ${slug}`,
    timeZone: TIME_ZONE,
    fhirBaseUrl: base,
    mrnSystem: MRN_SYSTEM,
    fhirAuth: {
      type: 'smart-client-secret',
      tokenUrl: `${base}/auth/token`,
      clientId: partition.clientId,
      clientSecret: partition.clientSecret,
    },
    providerSettings: {
      kind: 'fhir',
      mrnAssignment: 'app-check-digit',
      requestTimeoutMs: 30_000,
      attemptTimeoutMs: 20_000,
      serviceTypeSystem: SERVICE_SYSTEM,
      requestIdentifierSystem: 'urn:fhir-scheduling:booking-request',
      changeDetection: {
        enabled: sync.enabled,
        pollIntervalSeconds: sync.pollIntervalSeconds,
        subscriptionPollIntervalSeconds: 300,
        overlapSeconds: sync.overlapSeconds ?? 120,
        requestsPerSecond: RATE,
        concurrency: sync.concurrency,
        useSubscriptions: sync.useSubscriptions,
      },
    },
    bookingRules: {
      minimumNoticeMinutes: 0,
      horizonDays: Number(values.days),
      cancellationCutoffHours: 0,
      maxUpcomingPerService: 50,
      adultAge: 18,
      ageRestrictedServices: {},
      allowAdultDependents: false,
    },
  });
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase('sync');
  const { database, databaseUrl } = bench;
  const sandbox = await startTestFhirSandbox(bench.serverUrl);
  const boss = await startQueue(databaseUrl, 'pgboss_bench_sync');
  const vendor = { delayMs: Number(values.delay), requestsPerSecond: RATE };
  const proxies: DroppingProxy[] = [];
  const notifier = outboxNotifier(database, boss, 100);
  try {
    const partition = await sandbox.createPartition('bench-sync', { profile: 'strict' });
    const seededAt = performance.now();
    await seedPartition(sandbox.databaseUrl, 'bench-sync', {
      mrnSystem: MRN_SYSTEM,
      timeZone: TIME_ZONE,
      startDate,
      days: Number(values.days),
      practitioners: Number(values.practitioners),
      patients: 200,
    });
    const counts = await (
      await sandboxPool(sandbox.databaseUrl)
    ).query<{ type: string; count: string }>(
      "SELECT type, count(*) FROM resources WHERE partition = 'bench-sync' AND type IN ('Slot', 'Appointment') " +
        'GROUP BY type',
    );
    console.log(
      `Seeded ${values.practitioners} practitioners, ${values.days} days from ${startDate}: ` +
        counts.rows.map((row) => `${row.count} ${row.type}s`).join(', ') +
        ` (${((performance.now() - seededAt) / 1000).toFixed(0)} s).`,
    );
    const proxy = await startDroppingProxy(new URL(partition.baseUrl).origin, () => false, vendor);
    proxies.push(proxy);
    const deps = (appBaseUrl = 'http://127.0.0.1'): SyncDeps => ({
      database,
      providerFor: syncProviderFor,
      notifier,
      appBaseUrl,
    });

    // 1. A clinic's first sync over the booking horizon: one request at a time, then concurrent windows.
    const off = { enabled: false, useSubscriptions: false, pollIntervalSeconds: 30 };
    const sequential = await clinicTenant(database, 'first-seq', partition, proxy, { ...off, concurrency: 1 });
    const parallel = await clinicTenant(database, 'first-par', partition, proxy, {
      ...off,
      concurrency: Number(values.concurrency),
    });
    let started = performance.now();
    await runClinicSync(deps(), sequential);
    const sequentialMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = proxy.counts();
    started = performance.now();
    await runClinicSync(deps(), parallel);
    const parallelMs = performance.now() - started;
    const after = proxy.counts();
    const used = (after.forwarded - before.forwarded) / ((parallelMs / 1000) * RATE);
    console.log(
      `First sync: sequential ${(sequentialMs / 1000).toFixed(1)} s, parallel ${(parallelMs / 1000).toFixed(1)} s, ` +
        `rate-limit share ${used.toFixed(2)}.`,
    );

    // 2. Steady state: the clinic cancels a visit in its EHR; how long until the holder's notice is queued.
    const endpoint = await startChangeNotificationEndpoint(database, (tenantId) => queueClinicSync(boss, tenantId));
    // Each steady clinic behind a vendor of its own (as slow), so they do not share one rate limit.
    const pollProxy = await startDroppingProxy(new URL(partition.baseUrl).origin, () => false, vendor);
    const subProxy = await startDroppingProxy(new URL(partition.baseUrl).origin, () => false, vendor);
    proxies.push(pollProxy, subProxy);
    const polling = await clinicTenant(database, 'steady-poll', partition, pollProxy, {
      enabled: true,
      concurrency: 4,
      useSubscriptions: false,
      pollIntervalSeconds: Number(values.poll),
      overlapSeconds: Number(values.overlap),
    });
    const subscribed = await clinicTenant(database, 'steady-sub', partition, subProxy, {
      enabled: true,
      concurrency: 4,
      useSubscriptions: true,
      pollIntervalSeconds: Number(values.poll),
      overlapSeconds: Number(values.overlap),
    });
    for (const tenant of [polling, subscribed]) await runClinicSync(deps(endpoint.origin), tenant);
    const workers = await startSyncWorkers({ boss, deps: deps(endpoint.origin), concurrency: 4 });
    // The clinic's front desk and the patients' own requests go to the EHR directly, not through the
    // change feed's budget.
    const direct = createFhirProvider({
      ...polling,
      ...sandboxConnection(partition),
    });
    // A patient of their own (the seeded ones already hold many visits, beyond the booking limit).
    const adult = await direct.createPatient({
      given: 'Bench',
      family: 'Holder',
      birthDate: '1980-01-01',
      gender: 'female',
      phone: DEMO_PATIENTS.adult.phone,
    });
    const latency: Record<'poll' | 'subscription', number[]> = { poll: [], subscription: [] };
    const actors = new Map<string, PatientActor>();
    let lastEnd = new Date(Date.now() + 86_400_000).toISOString();
    let page: Awaited<ReturnType<typeof direct.searchFreeSlots>> = { items: [], next: null };
    for (const [kind, tenant] of [
      ['poll', polling],
      ['subscription', subscribed],
    ] as const) {
      const account = await database.patientAccount.create({
        data: { tenantId: tenant.id, providerPatientId: adult.id, preferredChannel: 'sms' },
      });
      const actor: PatientActor = {
        tenant,
        accountId: account.id,
        patientId: adult.id,
        locale: 'en',
        origin: { requestId: `bench-sync-${kind}` },
      };
      actors.set(tenant.id, actor);
      for (let sample = 0; sample < Number(values.samples); sample += 1)
        latency[kind].push(await cancelAndWait(tenant));
    }
    async function cancelAndWait(tenant: Tenant): Promise<number> {
      const actor = actors.get(tenant.id);
      if (!actor) throw new Error('no account');
      const booking: BookingDeps = { database, provider: direct, notifier, appBaseUrl: 'http://127.0.0.1' };
      {
        if (page.items.length === 0)
          page = await direct.searchFreeSlots({
            serviceCode: 'primary-care',
            from: lastEnd,
            to: new Date(Date.now() + 60 * 86_400_000).toISOString(),
            pageSize: 100,
          });
        const slot = page.items.shift();
        if (!slot) throw new Error('no free slot');
        const { appointment } = await bookAppointment(booking, actor, {
          forPatientId: actor.patientId,
          slotId: slot.id,
          slotVersion: slot.version,
          idempotencyKey: `bench-${crypto.randomUUID()}`,
        });
        // A random moment in the poll cycle.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Number(values.poll) * 1000));
        const changedAt = Date.now();
        await direct.cancel({
          appointmentId: appointment.id,
          appointmentVersion: appointment.version,
          reason: '',
          by: 'clinic',
        });
        await waitFor(
          async () =>
            (await database.notification.count({
              where: { tenantId: tenant.id, appointmentId: appointment.id, template: 'cancellation-by-clinic' },
            })) > 0,
          Number(values.poll) * 1000 + 30_000,
        );
        const notice = await database.notification.findFirstOrThrow({
          where: { tenantId: tenant.id, appointmentId: appointment.id, template: 'cancellation-by-clinic' },
        });
        lastEnd = slot.end;
        return notice.createdAt.getTime() - changedAt;
      }
    }

    // 3. A flood of changes in another clinic (its own EHR, as slow) while the polling clinic goes on.
    const floodPartition = await sandbox.createPartition('bench-flood', { profile: 'strict' });
    await seedPartition(sandbox.databaseUrl, 'bench-flood', {
      mrnSystem: MRN_SYSTEM,
      timeZone: TIME_ZONE,
      startDate,
      days: 1,
      practitioners: 1,
      patients: 6,
    });
    const floodProxy = await startDroppingProxy(new URL(floodPartition.baseUrl).origin, () => false, vendor);
    proxies.push(floodProxy);
    const flooded = await clinicTenant(database, 'flooded', floodPartition, floodProxy, {
      enabled: false,
      concurrency: 4,
      useSubscriptions: false,
      pollIntervalSeconds: 30,
    });
    await runClinicSync(deps(), flooded);
    await floodSlots(sandbox.databaseUrl, 'bench-flood', {
      count: Number(values.flood),
      from: `${startDate}T05:00:00Z`,
    });
    await notifier.work();
    const floodStarted = performance.now();
    await queueClinicSync(boss, flooded.id);
    await waitFor(
      async () =>
        Boolean((await database.clinicSync.findUniqueOrThrow({ where: { tenantId: flooded.id } })).leaseUntil),
      30_000,
    );
    const otpStarted = performance.now();
    const { notificationId } = await notifier.sendOtp({
      tenant: polling,
      contact: { kind: 'sms', value: DEMO_PATIENTS.adult.phone },
      code: '135790',
      minutes: 10,
      locale: 'en',
      idempotencyKey: `bench-otp-${crypto.randomUUID()}`,
    });
    await waitFor(
      async () => (await database.notification.findUniqueOrThrow({ where: { id: notificationId } })).status === 'sent',
      30_000,
    );
    const otpMs = performance.now() - otpStarted;
    const duringFlood = await cancelAndWait(polling);
    const floodRunning = Boolean(
      (await database.clinicSync.findUniqueOrThrow({ where: { tenantId: flooded.id } })).leaseUntil,
    );
    await waitFor(
      async () =>
        (await database.clinicSync.findUniqueOrThrow({ where: { tenantId: flooded.id } })).leaseUntil === null,
      600_000,
    );
    const floodMs = performance.now() - floodStarted;
    const floodEvents = await database.schedulingEvent.count({ where: { tenantId: flooded.id, type: 'slot-opened' } });
    workers.stop();
    await endpoint.close();

    const seconds = (ms: number): string => (ms / 1000).toFixed(1);
    console.log(
      `\nSlow vendor: ${vendor.delayMs} ms added per request, ${RATE} requests/s admitted (429 beyond); ` +
        `steady-state clinics poll with a ${values.overlap} s overlap. ` +
        'Machine shared with other work: figures are noisy.',
    );
    console.log('\n| first sync (appointments over the horizon) | wall (s) |\n| --- | --- |');
    console.log(`| sequential (1 request at a time) | ${seconds(sequentialMs)} |`);
    console.log(`| parallel (${values.concurrency} in flight, ${RATE} req/s budget) | ${seconds(parallelMs)} |`);
    console.log(`| ratio | ${(sequentialMs / parallelMs).toFixed(2)}x |`);
    console.log(
      `| share of the vendor's rate limit used (parallel) | ${used.toFixed(2)} ` +
        `(${after.throttled - before.throttled} x 429) |`,
    );
    console.log(
      '\n| change in the EHR -> notice queued | n | p50 (s) | p95 (s) | target |\n| --- | --- | --- | --- | --- |',
    );
    console.log(
      `| polling every ${values.poll} s | ${latency.poll.length} | ${seconds(percentile(latency.poll, 50))} | ` +
        `${seconds(percentile(latency.poll, 95))} | <= ${Number(values.poll) + 2} s |`,
    );
    console.log(
      `| Subscription (rest-hook) | ${latency.subscription.length} | ` +
        `${seconds(percentile(latency.subscription, 50))} | ` +
        `${seconds(percentile(latency.subscription, 95))} | <= 2 s |`,
    );
    console.log(
      `\nFlood: ${values.flood} changes in one clinic read in ${seconds(floodMs)} s ` +
        `(${floodEvents} slot-opened events); ` +
        `meanwhile a one-time code was sent in ${otpMs.toFixed(0)} ms and another clinic's cancellation reached ` +
        `its patient's notice in ${seconds(duringFlood)} s` +
        `${floodRunning ? ' while the flood was still being read' : ' (the flood had finished by then)'}.`,
    );
  } finally {
    await boss.stop({ graceful: false, wait: true });
    for (const proxy of proxies) await proxy.close();
    await closeSandboxPool(sandbox.databaseUrl);
    await sandbox.close().catch(() => undefined);
    await bench.close();
  }
}

runBench(main);
