/**
 * `npm run bench:fhir [-- --practitioners 100 --days 365 --patients 2000 --iterations 200]`
 * Generates a large clinic in a throwaway sandbox database (a year of slots for 100 practitioners by
 * default), serves it over HTTP on loopback, and reports p50/p95 for: a Slot search of one schedule
 * over two weeks, a Slot search of one service over two weeks, Patient by identifier, and a booking
 * transaction (Slot If-Match + Appointment create).
 */
import { parseArgs } from 'node:util';
import { dropDatabase, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { closeSandboxPool } from '@/lib/fhir-server/db';
import { startSandboxServer } from '@/lib/fhir-server/node-server';
import { ensurePartition } from '@/lib/fhir-server/partitions';
import { DEMO_PATIENTS, SERVICE_TYPE_SYSTEM } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { startTestPostgres, throwawayDatabaseName } from '@/lib/testing/test-postgres';
import { measure, printTable, runBench } from './stats';

const { values } = parseArgs({
  options: {
    practitioners: { type: 'string', default: '100' },
    days: { type: 'string', default: '365' },
    patients: { type: 'string', default: '2000' },
    iterations: { type: 'string', default: '200' },
  },
});

type Bundle = {
  total?: number;
  entry?: { resource?: Record<string, unknown> & { id: string; meta: { versionId: string } } }[];
};

async function main(): Promise<void> {
  const postgres = await startTestPostgres();
  const name = throwawayDatabaseName('bench_fhir');
  await ensureDatabase(postgres.serverUrl, name);
  const databaseUrl = withDatabase(postgres.serverUrl, name);
  const server = await startSandboxServer(databaseUrl);
  try {
    const credentials = await ensurePartition(databaseUrl, 'bench');
    const mrnSystem = 'https://bench.example/mrn';
    const startDate = new Date().toISOString().slice(0, 10);
    const seeded = performance.now();
    const { resources } = await seedPartition(databaseUrl, 'bench', {
      mrnSystem,
      timeZone: 'America/Chicago',
      startDate,
      days: Number(values.days),
      practitioners: Number(values.practitioners),
      patients: Number(values.patients),
    });
    const seconds = ((performance.now() - seeded) / 1000).toFixed(1);
    console.log(
      `Generated ${resources} resources (${values.practitioners} practitioners, ${values.days} days) in ${seconds} s`,
    );

    const baseUrl = `${server.origin}/fhir/bench`;
    const fhir = new ContractClient({
      baseUrl,
      tokenUrl: `${baseUrl}/auth/token`,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    });
    await fhir.authenticate();
    const schedules =
      (await fhir.request<Bundle>('GET', '/Schedule?_count=200')).body.entry?.map(
        (entry) => entry.resource?.id ?? '',
      ) ?? [];
    const patient =
      (
        await fhir.request<Bundle>(
          'GET',
          `/Patient?identifier=${encodeURIComponent(`${mrnSystem}|${DEMO_PATIENTS.adult.mrn}`)}`,
        )
      ).body.entry?.[0]?.resource?.id ?? '';
    const iterations = Number(values.iterations);
    const twoWeeks = (offsetDays: number): string => {
      const from = new Date(Date.now() + offsetDays * 86_400_000);
      const to = new Date(from.getTime() + 14 * 86_400_000);
      return `start=ge${from.toISOString()}&start=lt${to.toISOString()}`;
    };
    const freeSlots =
      (await fhir.request<Bundle>('GET', `/Slot?status=free&${twoWeeks(30)}&_count=200`)).body.entry?.map(
        (entry) => entry.resource,
      ) ?? [];

    const rows = [
      await measure('Slot search: one schedule, two weeks, sorted', iterations, async (index) => {
        const schedule = schedules[index % schedules.length] ?? '';
        const reply = await fhir.request<Bundle>(
          'GET',
          `/Slot?schedule=Schedule/${schedule}&status=free&${twoWeeks(index % 300)}&_sort=start&_count=50`,
        );
        if (reply.status !== 200) throw new Error(`search failed: ${reply.status}`);
      }),
      await measure('Slot search: one service, two weeks, first page + schedules', iterations, async (index) => {
        const pediatrics = encodeURIComponent(`${SERVICE_TYPE_SYSTEM}|pediatrics`);
        const reply = await fhir.request<Bundle>(
          'GET',
          `/Slot?service-type=${pediatrics}&status=free&${twoWeeks(index % 300)}&_sort=start&_count=50` +
            '&_include=Slot:schedule',
        );
        if (reply.status !== 200) throw new Error(`search failed: ${reply.status}`);
      }),
      await measure('Patient by identifier (MRN)', iterations, async () => {
        const reply = await fhir.request<Bundle>(
          'GET',
          `/Patient?identifier=${encodeURIComponent(`${mrnSystem}|${DEMO_PATIENTS.adult.mrn}`)}`,
        );
        if (reply.body.total !== 1) throw new Error('patient not found');
      }),
      await measure(
        'Booking transaction (Slot If-Match + Appointment)',
        Math.min(iterations, freeSlots.length),
        async (index) => {
          const slot = freeSlots[index];
          if (!slot) return;
          const reply = await fhir.request('POST', '/', {
            body: {
              resourceType: 'Bundle',
              type: 'transaction',
              entry: [
                {
                  resource: { ...slot, status: 'busy' },
                  request: { method: 'PUT', url: `Slot/${slot.id}`, ifMatch: `W/"${slot.meta.versionId}"` },
                },
                {
                  resource: {
                    resourceType: 'Appointment',
                    status: 'booked',
                    start: slot.start,
                    end: slot.end,
                    slot: [{ reference: `Slot/${slot.id}` }],
                    participant: [{ actor: { reference: `Patient/${patient}` }, status: 'accepted' }],
                  },
                  request: { method: 'POST', url: 'Appointment' },
                },
              ],
            },
          });
          if (reply.status !== 200) throw new Error(`booking failed: ${reply.status}`);
        },
      ),
    ];
    printTable(rows);
  } finally {
    await server.close();
    await closeSandboxPool(databaseUrl);
    await dropDatabase(postgres.serverUrl, name);
    await postgres.stop();
  }
}

runBench(main);
