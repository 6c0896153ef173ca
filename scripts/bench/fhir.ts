/**
 * `npm run bench:fhir [-- --sizes month,year,five-years --practitioners 100 --patients 2000 --iterations 200]`
 * Generates a large clinic in a throwaway sandbox database (100 practitioners by default), serves it
 * over HTTP on loopback, and reports p50/p95 for: a Slot search of one schedule over two weeks, a Slot
 * search of one service over two weeks with its schedules, the app's own slot search (one service and
 * one practitioner, through `schedule.actor`), Patient by identifier, and a booking transaction (Slot
 * If-Match + Appointment create). Each search is measured in the lenient profile (Bundle.total
 * counted on every search) and in the strict one (total only on request, as the app searches).
 * Sizes show how cost grows with data: one month, one year, and five years of slots (the year's
 * clinic with four more years of past slots and appointments, copied with their index rows in SQL
 * and shifted back by whole weeks, so that the searched weeks match the same slots at every size).
 */
import './throwaway-secrets-key';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { dropDatabase, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { closeSandboxPool, sandboxPool } from '@/lib/fhir-server/db';
import { startSandboxServer } from '@/lib/fhir-server/node-server';
import { ensurePartition, type PartitionCredentials } from '@/lib/fhir-server/partitions';
import { DEMO_PATIENTS, SERVICE_TYPE_SYSTEM } from '@/lib/fhir-server/seed/demo-clinic';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { startTestPostgres, throwawayDatabaseName } from '@/lib/testing/test-postgres';
import { measure, printTable, runBench, type Measurement } from './stats';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'month,year,five-years' },
    practitioners: { type: 'string', default: '100' },
    patients: { type: 'string', default: '2000' },
    iterations: { type: 'string', default: '200' },
  },
});

type Bundle = {
  total?: number;
  entry?: { resource?: Record<string, unknown> & { id: string; meta: { versionId: string } } }[];
};

const SIZES: Record<string, { days: number; pastYears: number }> = {
  month: { days: 30, pastYears: 0 },
  year: { days: 365, pastYears: 0 },
  'five-years': { days: 365, pastYears: 4 },
};

/**
 * Copies a partition's resources and index rows to another partition, adding `pastYears` copies of
 * its slots and appointments 52 weeks apart into the past (new ids, references and dates rewritten).
 */
export async function copyWithPastYears(pool: pg.Pool, from: string, to: string, pastYears: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO resources (partition, type, id, version_id, version_label, last_updated, deleted, content)
       SELECT $2, type, id, version_id, version_label, last_updated, deleted, content
       FROM resources WHERE partition = $1`,
      [from, to],
    );
    const columns: Record<string, string> = {
      idx_token: 'param, system, code',
      idx_string: 'param, normalized, exact',
      idx_date: 'param, low, high',
      idx_reference: 'param, target_type, target_id',
    };
    for (const [table, rest] of Object.entries(columns))
      await client.query(
        `INSERT INTO ${table} (partition, type, id, ${rest})` +
          ` SELECT $2, type, id, ${rest} FROM ${table} WHERE partition = $1`,
        [from, to],
      );
    const shifted = (path: string): string =>
      `to_jsonb(to_char(((content #>> '{${path}}')::timestamptz - $3 * interval '364 days') AT TIME ZONE 'UTC',` +
      ` 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
    for (let year = 1; year <= pastYears; year += 1) {
      const suffix = `-y${year}`;
      await client.query(
        `INSERT INTO resources (partition, type, id, version_id, version_label, last_updated, deleted, content)
         SELECT $2, type, id || $4, version_id, version_label, last_updated, deleted,
           jsonb_set(jsonb_set(jsonb_set(
             CASE WHEN type = 'Appointment'
               THEN jsonb_set(content, '{slot,0,reference}', to_jsonb((content #>> '{slot,0,reference}') || $4))
               ELSE content END,
             '{id}', to_jsonb(id || $4)), '{start}', ${shifted('start')}), '{end}', ${shifted('end')})
         FROM resources WHERE partition = $1 AND type IN ('Slot', 'Appointment')`,
        [from, to, year, suffix],
      );
      for (const [table, rest] of Object.entries(columns)) {
        const select =
          table === 'idx_date'
            ? `param, low - $3 * interval '364 days', high - $3 * interval '364 days'`
            : table === 'idx_reference'
              ? `param, target_type, CASE WHEN target_type = 'Slot' THEN target_id || $4 ELSE target_id END`
              : rest;
        await client.query(
          `INSERT INTO ${table} (partition, type, id, ${rest})
           SELECT $2, type, id || $4, ${select} FROM ${table}
           WHERE partition = $1 AND type IN ('Slot', 'Appointment') AND $3::int IS NOT NULL`,
          [from, to, year, suffix],
        );
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function deletePartitionRows(pool: pg.Pool, partition: string): Promise<void> {
  for (const table of ['idx_token', 'idx_string', 'idx_date', 'idx_reference', 'resource_history', 'resources'])
    await pool.query(`DELETE FROM ${table} WHERE partition = $1`, [partition]);
}

async function setProfile(pool: pg.Pool, partition: string, profile: 'lenient' | 'strict'): Promise<void> {
  await pool.query('UPDATE partitions SET profile = $2 WHERE name = $1', [partition, profile]);
}

export async function measureClinic(
  pool: pg.Pool,
  origin: string,
  credentials: PartitionCredentials,
  size: string,
  mrnSystem: string,
  iterations: number,
): Promise<Measurement[]> {
  const baseUrl = `${origin}/fhir/${credentials.partition}`;
  const fhir = new ContractClient({
    baseUrl,
    tokenUrl: `${baseUrl}/auth/token`,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
  });
  await fhir.authenticate();
  const schedules =
    (await fhir.request<Bundle>('GET', '/Schedule?_count=200')).body.entry?.map((entry) => entry.resource) ?? [];
  const scheduleIds = schedules.map((schedule) => schedule?.id ?? '');
  const practitioners = schedules
    .map((schedule) => (schedule?.actor as { reference?: string }[] | undefined)?.[0]?.reference ?? '')
    .filter((reference) => reference.startsWith('Practitioner/'));
  const patient =
    (
      await fhir.request<Bundle>(
        'GET',
        `/Patient?identifier=${encodeURIComponent(`${mrnSystem}|${DEMO_PATIENTS.adult.mrn}`)}`,
      )
    ).body.entry?.[0]?.resource?.id ?? '';
  // The searched two weeks lie within the first month, so every size searches the same slots.
  const twoWeeks = (index: number): string => {
    const from = new Date(Date.now() + (index % 14) * 86_400_000);
    const to = new Date(from.getTime() + 14 * 86_400_000);
    return `start=ge${from.toISOString()}&start=lt${to.toISOString()}`;
  };
  const pediatrics = encodeURIComponent(`${SERVICE_TYPE_SYSTEM}|pediatrics`);
  const primaryCare = encodeURIComponent(`${SERVICE_TYPE_SYSTEM}|primary-care`);
  const search = async (path: string): Promise<void> => {
    const reply = await fhir.request<Bundle>('GET', path);
    if (reply.status !== 200) throw new Error(`search failed: ${reply.status} ${path}`);
  };
  const rows: Measurement[] = [];
  for (const profile of ['lenient', 'strict'] as const) {
    await setProfile(pool, credentials.partition, profile);
    const label = (what: string): string => `${size}, ${profile}: ${what}`;
    rows.push(
      await measure(label('Slot search, one schedule, two weeks, sorted'), iterations, (index) =>
        search(
          `/Slot?schedule=Schedule/${scheduleIds[index % scheduleIds.length] ?? ''}&status=free&${twoWeeks(index)}` +
            '&_sort=start&_count=50',
        ),
      ),
      await measure(label('Slot search, one service, two weeks, + schedules'), iterations, (index) =>
        search(
          `/Slot?service-type=${pediatrics}&status=free&${twoWeeks(index)}` +
            '&_sort=start&_count=50&_include=Slot:schedule',
        ),
      ),
      await measure(label("the app's slot search (service + practitioner)"), iterations, (index) =>
        search(
          `/Slot?service-type=${primaryCare}&status=free&${twoWeeks(index)}` +
            `&schedule.actor=${practitioners[index % practitioners.length] ?? ''}` +
            '&_sort=start&_include=Slot:schedule&_count=30',
        ),
      ),
    );
  }
  await setProfile(pool, credentials.partition, 'lenient');
  rows.push(
    await measure(`${size}: Patient by identifier (MRN)`, iterations, async () => {
      const reply = await fhir.request<Bundle>(
        'GET',
        `/Patient?identifier=${encodeURIComponent(`${mrnSystem}|${DEMO_PATIENTS.adult.mrn}`)}`,
      );
      if (reply.body.total !== 1) throw new Error('patient not found');
    }),
  );
  const freeSlots =
    (await fhir.request<Bundle>('GET', `/Slot?status=free&${twoWeeks(20)}&_count=200`)).body.entry?.map(
      (entry) => entry.resource,
    ) ?? [];
  rows.push(
    await measure(
      `${size}: booking transaction (Slot If-Match + Appointment)`,
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
  );
  return rows;
}

export async function runFhirBench(options: {
  sizes: string[];
  practitioners: number;
  patients: number;
  iterations: number;
}): Promise<Measurement[]> {
  const postgres = await startTestPostgres();
  const name = throwawayDatabaseName('bench_fhir');
  await ensureDatabase(postgres.serverUrl, name);
  const databaseUrl = withDatabase(postgres.serverUrl, name);
  const server = await startSandboxServer(databaseUrl);
  const pool = await sandboxPool(databaseUrl);
  const mrnSystem = 'https://bench.example/mrn';
  const rows: Measurement[] = [];
  try {
    const seed = async (partition: string, days: number): Promise<PartitionCredentials> => {
      const credentials = await ensurePartition(databaseUrl, partition);
      const started = performance.now();
      const { resources } = await seedPartition(databaseUrl, partition, {
        mrnSystem,
        timeZone: 'America/Chicago',
        startDate: new Date().toISOString().slice(0, 10),
        days,
        practitioners: options.practitioners,
        patients: options.patients,
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `${partition}: generated ${resources} resources ` +
          `(${options.practitioners} practitioners, ${days} days) in ${seconds} s`,
      );
      return credentials;
    };
    if (options.sizes.includes('month'))
      rows.push(
        ...(await measureClinic(pool, server.origin, await seed('month', 30), 'month', mrnSystem, options.iterations)),
      );
    if (options.sizes.includes('year') || options.sizes.includes('five-years')) {
      const year = await seed('year', SIZES.year?.days ?? 365);
      if (options.sizes.includes('year'))
        rows.push(...(await measureClinic(pool, server.origin, year, 'one year', mrnSystem, options.iterations)));
      if (options.sizes.includes('five-years')) {
        const fiveYears = await ensurePartition(databaseUrl, 'five-years');
        const started = performance.now();
        await copyWithPastYears(pool, 'year', 'five-years', SIZES['five-years']?.pastYears ?? 4);
        await deletePartitionRows(pool, 'year');
        await deletePartitionRows(pool, 'month');
        await pool.query('VACUUM (ANALYZE) resources, idx_token, idx_string, idx_date, idx_reference');
        const { rows: counted } = await pool.query<{ count: string }>(
          'SELECT count(*) FROM resources WHERE partition = $1',
          ['five-years'],
        );
        console.log(
          `five-years: ${counted[0]?.count ?? 0} resources (four past years of slots copied) in ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        rows.push(
          ...(await measureClinic(pool, server.origin, fiveYears, 'five years', mrnSystem, options.iterations)),
        );
      }
    }
    return rows;
  } finally {
    await server.close();
    await closeSandboxPool(databaseUrl);
    await dropDatabase(postgres.serverUrl, name);
    await postgres.stop();
  }
}

if (process.argv[1]?.endsWith('fhir.ts'))
  runBench(async () => {
    printTable(
      await runFhirBench({
        sizes: (values.sizes ?? '').split(','),
        practitioners: Number(values.practitioners),
        patients: Number(values.patients),
        iterations: Number(values.iterations),
      }),
    );
  });
