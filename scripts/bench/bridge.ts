/**
 * `npm run bench:bridge [-- --messages 10000 --csv-rows 50000 --practitioners 20 --csv-concurrency 8]`: the
 * legacy-EHR bridge (lib/bridge) of one clinic whose FHIR repository is the sandbox over HTTP on loopback:
 *
 * - a mixed corpus of HL7 v2 ADT and SIU messages (A04 new patients, A08 updates, S12 bookings into the
 *   clinicians' free slots, S15 cancellations) sent over MLLP by the legacy-EHR simulator, one in
 *   flight as MLLP requires: per record p50/p95 from the message arriving to its FHIR resource being
 *   readable (the ACK is sent after the record's transaction committed; the bridge's own arrival-to-
 *   commit time is shown too), and messages per second;
 * - a patients CSV export (written with csv-stringify) imported as a stream: wall time, rows per second;
 * - in both, 1% deliberately bad records (a wrong birth date, an SIU for a patient never seen, a
 *   malformed segment, other encoding characters, an unsupported type; a bad date in CSV): every one
 *   quarantined, none applied (checked in the FHIR repository), none lost (every message answered and
 *   recorded, every good record readable in a sample).
 */
import './throwaway-secrets-key';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { configureBridge, loadBridgeContext } from '@/lib/bridge/configure-bridge';
import { importCsv } from '@/lib/bridge/csv/import-csv';
import { toHl7Instant } from '@/lib/bridge/legacy-dates';
import { startClinicBridge } from '@/lib/bridge/start-clinic-bridges';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { closeSandboxPool } from '@/lib/fhir-server/db';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { sandboxConnection, startTestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { freePort } from '@/lib/testing/free-port';
import {
  ackCode,
  adtMessage,
  siuMessage,
  simulatorConnection,
  type SimPatient,
} from '@/lib/testing/legacy-ehr-simulator';
import { openBenchDatabase } from './bench-database';
import { percentile, runBench } from './stats';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    'csv-rows': { type: 'string', default: '50000' },
    practitioners: { type: 'string', default: '20' },
    /** CSV rows applied at once (the clinic setting `csv.concurrency`; default the bridge's own). */
    'csv-concurrency': { type: 'string' },
  },
});

const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';
const APPOINTMENT_SYSTEM = 'urn:fhir-scheduling:legacy-appointment';
const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

interface FreeSlot {
  npi: string;
  start: string;
  minutes: number;
}

interface CorpusMessage {
  text: string;
  bad: boolean;
  /** What to look for afterwards: a patient's MRN or an appointment's filler id. */
  check: { mrn: string } | { fillerId: string } | null;
}

type Bundle = { entry?: { resource: Record<string, unknown> }[]; link?: { relation: string; url: string }[] };

async function freeSlots(fhir: ContractClient, needed: number): Promise<FreeSlot[]> {
  const practitioners = (await fhir.request<Bundle>('GET', 'Practitioner?_count=100')).body.entry ?? [];
  const slots: FreeSlot[] = [];
  for (const { resource } of practitioners) {
    const identifiers = (resource.identifier ?? []) as { system?: string; value?: string }[];
    const npi = identifiers.find((identifier) => identifier.system === NPI_SYSTEM)?.value;
    if (!npi) continue;
    let next: string | null = `Slot?schedule.actor=Practitioner/${String(resource.id)}&status=free&_count=100`;
    while (next && slots.length < needed) {
      const page: Bundle = (await fhir.request<Bundle>('GET', next)).body;
      for (const entry of page.entry ?? []) {
        const slot = entry.resource as { start: string; end: string };
        slots.push({ npi, start: slot.start, minutes: (Date.parse(slot.end) - Date.parse(slot.start)) / 60_000 });
      }
      next = page.link?.find((link) => link.relation === 'next')?.url ?? null;
    }
    if (slots.length >= needed) break;
  }
  return slots;
}

function mrnOf(index: number): string {
  return String(50_000_000 + index);
}

/** ADT and SIU in an order a clinic's day could produce; every 100th message is a bad one. */
function buildCorpus(total: number, slots: FreeSlot[]): CorpusMessage[] {
  const bad = Math.round(total / 100);
  const good = total - bad;
  // Per patient: A04, then S12; a quarter also get an A08, and some bookings are cancelled (S15).
  const patients = Math.ceil(good / 2.45);
  const corpus: CorpusMessage[] = [];
  const badKinds = ['badDate', 'unknownPatient', 'malformed', 'encoding', 'unsupported'] as const;
  let badMade = 0;
  const pushBad = (): void => {
    const index = badMade;
    badMade += 1;
    const patient: SimPatient = {
      mrn: String(90_000_000 + index),
      family: 'Bad',
      given: 'Record',
      birthDate: '19800101',
    };
    const adt = adtMessage('A04', patient);
    switch (badKinds[index % badKinds.length] ?? 'unsupported') {
      case 'badDate':
        corpus.push({
          text: adtMessage('A04', { ...patient, birthDate: '19801345' }),
          bad: true,
          check: { mrn: patient.mrn },
        });
        break;
      case 'unknownPatient': {
        const fillerId = `BAD${index}`;
        const text = siuMessage('S12', { fillerId, mrn: patient.mrn, minutes: 20, start: '203106020900' });
        corpus.push({ text, bad: true, check: { fillerId } });
        break;
      }
      case 'malformed':
        corpus.push({ text: adt.replace('PID|', 'P!D|'), bad: true, check: { mrn: patient.mrn } });
        break;
      case 'encoding':
        corpus.push({ text: adt.replace('MSH|^~\\&', 'MSH|^~\\#'), bad: true, check: { mrn: patient.mrn } });
        break;
      case 'unsupported':
        corpus.push({
          text: adt.replace('ADT^A04^ADT_A01', 'ORU^R01^ORU_R01'),
          bad: true,
          check: { mrn: patient.mrn },
        });
    }
  };
  const pushGood = (message: CorpusMessage): void => {
    if (corpus.length % 100 === 99 && badMade < bad) pushBad();
    if (corpus.length - badMade < good) corpus.push(message);
  };
  for (let index = 0; index < patients && corpus.length - badMade < good; index += 1) {
    const patient: SimPatient = {
      mrn: mrnOf(index),
      family: 'Bench',
      given: `Patient${index}`,
      birthDate: '19850612',
      phone: `312555${String(1000 + (index % 9000)).padStart(4, '0')}`,
      language: index % 3 === 0 ? 'SPA' : 'ENG',
    };
    pushGood({ text: adtMessage('A04', patient), bad: false, check: { mrn: patient.mrn } });
    const slot = slots[index];
    const fillerId = `APT${index}`;
    const appointment = {
      fillerId,
      mrn: patient.mrn,
      minutes: slot?.minutes ?? 20,
      start: slot ? toHl7Instant(slot.start) : '203106020900',
      ...(slot ? { npi: slot.npi } : {}),
    };
    pushGood({ text: siuMessage('S12', appointment), bad: false, check: { fillerId } });
    if (index % 4 === 0)
      pushGood({
        text: adtMessage('A08', { ...patient, phone: '3125550100' }, { sentAt: '20310601093000' }),
        bad: false,
        check: { mrn: patient.mrn },
      });
    if (index % 5 === 0)
      pushGood({
        text: siuMessage('S15', appointment, { sentAt: '20310601094000' }),
        bad: false,
        check: { fillerId },
      });
  }
  while (badMade < bad) pushBad();
  return corpus;
}

async function countMatches(fhir: ContractClient, check: { mrn: string } | { fillerId: string }): Promise<number> {
  const query =
    'mrn' in check
      ? `Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${check.mrn}`)}`
      : `Appointment?identifier=${encodeURIComponent(`${APPOINTMENT_SYSTEM}|${check.fillerId}`)}`;
  return (await fhir.request<Bundle>('GET', query)).body.entry?.length ?? 0;
}

function row(label: string, value: string, aim: string): string {
  return `| ${label} | ${value} | ${aim} |`;
}

async function main(): Promise<void> {
  const total = Number(values.messages);
  const csvRows = Number(values['csv-rows']);
  const bench = await openBenchDatabase('bridge');
  const { database } = bench;
  const sandbox = await startTestFhirSandbox(bench.serverUrl);
  const folder = await mkdtemp(path.join(tmpdir(), 'bench-bridge-'));
  try {
    const partition = await sandbox.createPartition('bridge', { profile: 'strict' });
    const startDate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await seedPartition(sandbox.databaseUrl, 'bridge', {
      mrnSystem: MRN_SYSTEM,
      timeZone: 'America/Chicago',
      startDate,
      days: 30,
      practitioners: Number(values.practitioners),
      patients: 0,
    });
    const tenant = await createTenant(database, {
      slug: 'bench-bridge',
      displayName: 'Bench Clinic',
      timeZone: 'America/Chicago',
      mrnSystem: MRN_SYSTEM,
      ...sandboxConnection(partition),
    });
    const port = await freePort();
    const csvConcurrency = values['csv-concurrency'];
    await configureBridge(database, tenant.id, {
      mllp: { host: '127.0.0.1', port },
      ...(csvConcurrency ? { csv: { concurrency: Number(csvConcurrency) } } : {}),
    });
    const fhir = new ContractClient(partition);
    await fhir.authenticate();
    const slots = await freeSlots(fhir, Math.ceil(total / 2.45));
    const corpus = buildCorpus(total, slots);
    console.log(`corpus: ${corpus.length} messages (${corpus.filter((m) => m.bad).length} bad), ${slots.length} slots`);

    // HL7 v2 over MLLP.
    const bridge = await startClinicBridge(database, tenant.id);
    const sender = simulatorConnection(port);
    const roundTrips: number[] = [];
    const answers = { AA: 0, AE: 0, AR: 0, other: 0 };
    const badAnswers: string[] = [];
    const started = performance.now();
    for (const [index, message] of corpus.entries()) {
      const sent = performance.now();
      const code = ackCode(await sender.send(message.text));
      roundTrips.push(performance.now() - sent);
      if (code === 'AA' || code === 'AE' || code === 'AR') answers[code] += 1;
      else answers.other += 1;
      if (message.bad && code === 'AA') badAnswers.push(`#${index}`);
      if ((index + 1) % 1000 === 0) console.log(`  ${index + 1} messages`);
    }
    const hl7Seconds = (performance.now() - started) / 1000;
    sender.close();
    await bridge.stop();

    const records = await database.bridgeRecord.groupBy({
      by: ['status'],
      where: { tenantId: tenant.id, source: 'mllp' },
      _count: { _all: true },
    });
    const recorded = (status: string): number => records.find((r) => r.status === status)?._count._all ?? 0;
    const latencies = (
      await database.bridgeRecord.findMany({
        where: { tenantId: tenant.id, source: 'mllp', status: 'applied' },
        select: { latencyMs: true },
      })
    ).flatMap((record) => (record.latencyMs === null ? [] : [record.latencyMs]));
    const badMessages = corpus.filter((message) => message.bad);
    let badApplied = 0;
    for (const message of badMessages)
      if (message.check && (await countMatches(fhir, message.check)) > 0) badApplied += 1;
    const goodMessages = corpus.filter((message) => !message.bad);
    const sample = goodMessages.filter(
      (_message, index) => index % Math.max(1, Math.floor(goodMessages.length / 200)) === 0,
    );
    let sampleMissing = 0;
    for (const message of sample)
      if (message.check && (await countMatches(fhir, message.check)) === 0) sampleMissing += 1;

    // CSV: a patients export with 1% bad dates, written with csv-stringify, imported as a stream.
    const csvBad = Math.round(csvRows / 100);
    const rows = Array.from({ length: csvRows }, (_unused, index) => ({
      mrn: String(60_000_000 + index),
      family: `Csv${index % 500}`,
      given: `Row ${index}`,
      birthDate:
        index % 100 === 50 ? '1979-13-45' : `19${String(50 + (index % 50))}-0${1 + (index % 9)}-1${index % 10}`,
      phone: `312555${String(1000 + (index % 9000)).padStart(4, '0')}`,
    }));
    const file = path.join(folder, 'patients.csv');
    await writeFile(file, stringify(rows, { header: true }));
    const context = await loadBridgeContext(database, tenant.id);
    if (!context) throw new Error('not bridged');
    const csvStarted = performance.now();
    const summary = await importCsv(context, {
      kind: 'patients',
      stream: createReadStream(file),
      fileTime: new Date(),
    });
    const csvSeconds = (performance.now() - csvStarted) / 1000;
    let csvBadApplied = 0;
    for (let index = 50; index < csvRows; index += 100)
      csvBadApplied += await countMatches(fhir, { mrn: String(60_000_000 + index) });
    const csvQuarantined = await database.bridgeRecord.count({
      where: { tenantId: tenant.id, source: 'csv', status: 'quarantined' },
    });

    const ms = (value: number): string => value.toFixed(1);
    const lines = [
      '| measurement | value | aim |',
      '| --- | --- | --- |',
      row(`HL7 over MLLP: messages (${badMessages.length} bad)`, String(corpus.length), '10,000 mixed ADT/SIU'),
      row(
        'arrival to readable (send to ACK), p50 / p95 ms',
        `${ms(percentile(roundTrips, 50))} / ${ms(percentile(roundTrips, 95))}`,
        'p95 < 500',
      ),
      row(
        'bridge arrival to commit, p50 / p95 ms',
        `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))}`,
        'p95 < 500',
      ),
      row('messages per second (one connection, one in flight)', (corpus.length / hl7Seconds).toFixed(1), ''),
      row(
        'answers AA / AE / AR / none',
        `${answers.AA} / ${answers.AE} / ${answers.AR} / ${answers.other}`,
        `none = 0`,
      ),
      row(
        'bad messages: quarantined / applied / answered AA',
        `${recorded('quarantined')} / ${badApplied} / ${badAnswers.length}`,
        `${badMessages.length} / 0 / 0`,
      ),
      row('good messages recorded applied', `${recorded('applied')} of ${goodMessages.length}`, 'all'),
      row('good records readable in FHIR (sample)', `${sample.length - sampleMissing} of ${sample.length}`, 'all'),
      row(`CSV import: ${csvRows} patient rows, wall time s`, csvSeconds.toFixed(1), ''),
      row('CSV rows per second', (csvRows / csvSeconds).toFixed(1), ''),
      row(
        'CSV rows applied / quarantined / duplicates',
        `${summary.applied} / ${summary.quarantined} / ${summary.duplicates}`,
        `${csvRows - csvBad} / ${csvBad} / 0`,
      ),
      row('CSV bad rows: recorded quarantined / applied', `${csvQuarantined} / ${csvBadApplied}`, `${csvBad} / 0`),
    ];
    console.log(`\n${lines.join('\n')}`);
    const failed =
      answers.other > 0 ||
      badApplied > 0 ||
      badAnswers.length > 0 ||
      recorded('quarantined') !== badMessages.length ||
      recorded('applied') !== goodMessages.length ||
      sampleMissing > 0 ||
      summary.quarantined !== csvBad ||
      summary.applied !== csvRows - csvBad ||
      csvBadApplied > 0;
    if (failed) throw new Error('the bridge lost, applied or misfiled records (see the table)');
  } finally {
    await rm(folder, { recursive: true, force: true });
    await closeSandboxPool(sandbox.databaseUrl);
    await sandbox.close().catch(() => undefined);
    await bench.close();
  }
}

runBench(main);
