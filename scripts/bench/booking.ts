/**
 * `npm run bench:booking [-- --iterations 50]`: the patient journey search -> book -> cancel through
 * the booking services and the FHIR adapter, against the sandbox over HTTP on loopback, with p50/p95
 * per step. Each iteration books a different free slot.
 */
import './throwaway-secrets-key';
import { parseArgs } from 'node:util';
import { bookAppointment } from '@/lib/booking/book-appointment';
import type { BookingDeps, PatientActor } from '@/lib/booking/booking-deps';
import { cancelAppointment } from '@/lib/booking/cancel-appointment';
import { findSlots } from '@/lib/booking/find-slots';
import { closeSandboxPool } from '@/lib/fhir-server/db';
import { DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { startQueue } from '@/lib/notify/queue';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import { sandboxConnection, startTestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { openBenchDatabase } from './bench-database';
import { percentile, printTable, runBench, type Measurement } from './stats';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '50' } } });

export async function runBookingBench(iterations: number): Promise<Measurement[]> {
  const bench = await openBenchDatabase('booking');
  const { database, databaseUrl } = bench;
  const sandbox = await startTestFhirSandbox(bench.serverUrl);
  const boss = await startQueue(databaseUrl);
  try {
    const partition = await sandbox.createPartition('bench');
    const mrnSystem = 'https://lakeside-health.example/fhir/mrn';
    const startDate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await seedPartition(sandbox.databaseUrl, 'bench', { mrnSystem, timeZone: 'America/Chicago', startDate, days: 30 });
    const tenant = await createTenant(database, {
      slug: 'bench',
      displayName: 'Bench Clinic',
      timeZone: 'America/Chicago',
      mrnSystem,
      ...sandboxConnection(partition),
      providerSettings: {
        kind: 'fhir',
        mrnAssignment: 'app-check-digit',
        requestTimeoutMs: 8000,
        serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
      },
      bookingRules: {
        minimumNoticeMinutes: 0,
        horizonDays: 60,
        cancellationCutoffHours: 0,
        maxUpcomingPerService: 50,
        adultAge: 18,
        ageRestrictedServices: {},
        allowAdultDependents: false,
      },
    });
    const provider = createFhirProvider(tenant);
    const notifier = outboxNotifier(database, boss, 100);
    const deps: BookingDeps = { database, provider, notifier, appBaseUrl: 'http://127.0.0.1' };
    const guardian = await provider.findPatientByMrn(DEMO_PATIENTS.guardian.mrn);
    if (!guardian) throw new Error('demo guardian missing');
    const actor: PatientActor = {
      tenant,
      accountId: 'bench-account',
      patientId: guardian.id,
      locale: 'en',
      origin: { requestId: 'bench-booking' },
    };
    const samples = { search: [] as number[], book: [] as number[], cancel: [] as number[] };
    for (let index = 0; index < iterations; index += 1) {
      let started = performance.now();
      const page = await findSlots(provider, tenant, { service: 'primary-care', from: undefined }, 'en');
      samples.search.push(performance.now() - started);
      const slot = page.items[index % page.items.length];
      if (!slot) throw new Error('no free slot');
      started = performance.now();
      const { appointment } = await bookAppointment(deps, actor, {
        forPatientId: guardian.id,
        slotId: slot.id,
        slotVersion: slot.version,
        idempotencyKey: `bench-${crypto.randomUUID()}`,
      });
      samples.book.push(performance.now() - started);
      started = performance.now();
      await cancelAppointment(deps, actor, { appointmentId: appointment.id });
      samples.cancel.push(performance.now() - started);
    }
    return Object.entries(samples).map(([step, list]) => ({
      label: `booking journey: ${step}`,
      p50: percentile(list, 50),
      p95: percentile(list, 95),
      iterations: list.length,
    }));
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    await closeSandboxPool(sandbox.databaseUrl);
    await sandbox.close().catch(() => undefined);
    await bench.close();
  }
}

if (process.argv[1]?.endsWith('booking.ts'))
  runBench(async () => printTable(await runBookingBench(Number(values.iterations))));
