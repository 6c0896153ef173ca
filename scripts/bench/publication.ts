/**
 * `npm run bench:publication [-- --practitioners 100 --days 28 --polls 200]`: SMART Scheduling Links
 * for a clinic of `--practitioners` clinicians over `--days` days, every visit type published, against
 * the sandbox (strict profile) over HTTP: the wall time of generating the publication from the EHR, then
 * the p50/p95 of a poll served from the cache (manifest, slot file) and of a poll answered 304.
 */
import './throwaway-secrets-key';

// The cached poll is measured as a client taking gzip gets it.
process.env.PUBLICATION_GZIP ??= '1';
import { parseArgs } from 'node:util';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { getPublication } from '@/lib/publication/get-publication';
import { fileResponse, manifestResponse } from '@/lib/publication/publication-responses';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { sandboxConnection, startTestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { openBenchDatabase } from './bench-database';
import { measure, printTable, runBench } from './stats';

const { values } = parseArgs({
  options: {
    practitioners: { type: 'string', default: '100' },
    days: { type: 'string', default: '28' },
    polls: { type: 'string', default: '200' },
  },
});
const DAYS = Number(values.days);
const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';

async function main(): Promise<void> {
  const bench = await openBenchDatabase('publication');
  const { database } = bench;
  const sandbox = await startTestFhirSandbox(bench.serverUrl);
  try {
    const partition = await sandbox.createPartition('bench-publication', { profile: 'strict' });
    await seedPartition(sandbox.databaseUrl, 'bench-publication', {
      mrnSystem: MRN_SYSTEM,
      timeZone: 'America/Chicago',
      startDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      days: DAYS,
      practitioners: Number(values.practitioners),
      patients: 200,
    });
    const tenant = await createTenant(database, {
      slug: 'bench-publication',
      displayName: 'Bench publication',
      timeZone: 'America/Chicago',
      contactPhone: '(312) 555-0100',
      mrnSystem: MRN_SYSTEM,
      ...sandboxConnection(partition),
      providerSettings: { kind: 'fhir', serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type' },
      bookingRules: { minimumNoticeMinutes: 0, horizonDays: DAYS + 1 },
      publicationSettings: {
        enabled: true,
        services: ['primary-care', 'pediatrics', 'dental', 'vaccination'],
        days: DAYS + 1,
      },
    });
    const deps = { provider: createFhirProvider(tenant), appBaseUrl: 'https://book.example' };
    const urls = { request: 'https://book.example/bench/$bulk-publish', filesBase: 'https://book.example/bench/x' };

    const started = performance.now();
    const publication = await getPublication(deps, tenant);
    const generationMs = performance.now() - started;
    const bytes = Object.values(publication.files).reduce((sum, file) => sum + Buffer.byteLength(file), 0);
    const gzipped = Object.values(publication.gzipped ?? {}).reduce((sum, file) => sum + file.byteLength, 0);
    const mib = (size: number): string => (size / 1024 / 1024).toFixed(1);
    console.log(
      `Generated ${publication.slotCount} free slots of ${values.practitioners} practitioners over ${DAYS} days ` +
        `in ${(generationMs / 1000).toFixed(1)} s (${mib(bytes)} MiB of NDJSON, ${mib(gzipped)} MiB gzipped).`,
    );
    const polls = Number(values.polls);
    const etag = manifestResponse(new Request(urls.request), publication, urls).headers.get('etag') ?? '';
    const rows = [
      await measure('cached poll: manifest + slot file (gzip)', polls, async () => {
        const current = await getPublication(deps, tenant);
        await manifestResponse(new Request(urls.request), current, urls).text();
        const slots = new Request(`${urls.filesBase}/slots.ndjson`, { headers: { 'Accept-Encoding': 'gzip' } });
        await fileResponse(slots, current, 'Slot').arrayBuffer();
      }),
      await measure('cached poll answered 304 (If-None-Match)', polls, async () => {
        const current = await getPublication(deps, tenant);
        const response = manifestResponse(
          new Request(urls.request, { headers: { 'If-None-Match': etag } }),
          current,
          urls,
        );
        if (response.status !== 304) throw new Error(`expected 304, got ${response.status}`);
      }),
    ];
    printTable(rows);
    console.log(
      `\n| generation (s) | aim |\n| --- | --- |\n| ${(generationMs / 1000).toFixed(1)} | once a minute at most |`,
    );
  } finally {
    await sandbox.close();
    await bench.close();
  }
}

runBench(main);
