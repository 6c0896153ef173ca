/**
 * `npm run bench` (after bench:notify): every figure of the performance issue in one table, each with
 * its aim: the sandbox's searches at three sizes (bench:fhir), the booking journey through the
 * adapter (bench:booking), the app under load and its overhead over the FHIR search it makes
 * (bench:load), and Lighthouse on the pages (bench:pages). `--skip fhir,booking,load,pages` leaves
 * parts out. The machine's load matters: run it on a quiet machine and say when it was not.
 */
import { parseArgs } from 'node:util';
import { runBookingBench } from './booking';
import { runFhirBench } from './fhir';
import { runLoad, type LoadRow } from './load';
import { runPages, type PageRow } from './pages';
import { runBench, type Measurement } from './stats';

const { values } = parseArgs({
  options: {
    skip: { type: 'string', default: '' },
    iterations: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
  },
});

interface Figure {
  figure: string;
  value: string;
  aim: string;
  met: boolean | null;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

function fhirFigures(rows: Measurement[]): Figure[] {
  const figures: Figure[] = [];
  const find = (label: string): Measurement | undefined => rows.find((row) => row.label === label);
  for (const row of rows) {
    const aim = /one year, \w+: Slot search, one schedule/.test(row.label)
      ? 15
      : /one year, \w+: Slot search, one service/.test(row.label)
        ? 30
        : null;
    figures.push({
      figure: `FHIR ${row.label} p50 / p95`,
      value: `${ms(row.p50)} / ${ms(row.p95)}`,
      aim: aim === null ? '' : `p95 <= ${aim} ms`,
      met: aim === null ? null : row.p95 <= aim,
    });
  }
  for (const row of rows.filter((candidate) => candidate.label.startsWith('one year, '))) {
    const five = find(row.label.replace('one year, ', 'five years, '));
    if (!five) continue;
    const ratio = five.p95 / row.p95;
    figures.push({
      figure: `growth: five years / one year, p95 of ${row.label.slice('one year, '.length)}`,
      value: `${ratio.toFixed(2)}x`,
      aim: '<= 1.5x',
      met: ratio <= 1.5,
    });
  }
  return figures;
}

function loadFigures(rows: LoadRow[], doubleBookings: number): Figure[] {
  const figures: Figure[] = rows.map((row) => {
    const slotAim = row.scenario === 'slot search' && row.processes === 1;
    const journey = row.scenario === 'booking journey';
    return {
      figure:
        `load, ${row.scenario}, ${row.processes} process(es): ${row.route} req/s, p50/p95/p99, slowest, ` +
        '4xx, errors',
      value:
        `${row.perSecond.toFixed(1)}/s, ${row.p50.toFixed(0)}/${row.p95.toFixed(0)}/${row.p99.toFixed(0)} ms, ` +
        `${row.max.toFixed(0)} ms, ${row.status4xx}, ${row.errors}`,
      aim: slotAim
        ? '>= 200/s, p99 < 500 ms, 0 errors'
        : journey
          ? 'p95 < 500 ms, slowest < 3 s, 0 errors (5xx)'
          : '0 errors',
      met: slotAim
        ? row.perSecond >= 200 && row.p99 < 500 && row.errors === 0
        : journey
          ? row.p95 < 500 && row.max < 3000 && row.errors === 0
          : row.errors === 0,
    };
  });
  figures.push({ figure: 'load: double bookings', value: String(doubleBookings), aim: '0', met: doubleBookings === 0 });
  return figures;
}

function pageFigures(rows: PageRow[]): Figure[] {
  const patientPages = new Set(['landing', 'login', '/me (signed in)', 'booking with results']);
  return rows.flatMap((row) => [
    {
      figure: `page ${row.page}: Lighthouse performance / accessibility`,
      value: `${row.performance} / ${row.accessibility}`,
      aim: '>= 98 / 100',
      met: row.performance >= 98 && row.accessibility === 100,
    },
    {
      figure: `page ${row.page}: compressed JavaScript, LCP, TBT`,
      value: `${row.scriptKb.toFixed(1)} kB, ${row.lcpMs.toFixed(0)} ms, ${row.tbtMs.toFixed(0)} ms`,
      aim: patientPages.has(row.page) ? '<= 110 kB' : '',
      met: patientPages.has(row.page) ? row.scriptKb <= 110 : null,
    },
  ]);
}

runBench(async () => {
  const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
  const iterations = Number(values.iterations);
  const figures: Figure[] = [];
  if (!skip.has('fhir'))
    figures.push(
      ...fhirFigures(
        await runFhirBench({
          sizes: ['month', 'year', 'five-years'],
          practitioners: 100,
          patients: 2000,
          iterations,
        }),
      ),
    );
  if (!skip.has('booking'))
    for (const row of await runBookingBench(50))
      figures.push({
        figure: `${row.label} p50 / p95`,
        value: `${ms(row.p50)} / ${ms(row.p95)}`,
        aim: 'p95 <= 100 ms',
        met: row.p95 <= 100,
      });
  if (!skip.has('load')) {
    const load = await runLoad({
      seconds: Number(values.duration),
      connections: 50,
      users: 200,
      processes: [1, 2],
      scenarios: ['overhead', 'slots', 'journey'],
    });
    const [app, fhir] = load.overhead;
    if (app && fhir)
      figures.push(
        { figure: `${app.label} p50 / p95`, value: `${ms(app.p50)} / ${ms(app.p95)}`, aim: '', met: null },
        { figure: `${fhir.label} p50 / p95`, value: `${ms(fhir.p50)} / ${ms(fhir.p95)}`, aim: '', met: null },
        {
          figure: 'app overhead: /api/slots p95 / FHIR search p95 (same run)',
          value: `${(app.p95 / fhir.p95).toFixed(2)}x`,
          aim: '<= 1.3x',
          met: app.p95 / fhir.p95 <= 1.3,
        },
      );
    if (load.cost)
      figures.push({
        figure: 'one slot search: app CPU, database CPU (ms); database transactions app / FHIR sandbox',
        value:
          `${load.cost.appCpuMs.toFixed(1)}, ${load.cost.databaseCpuMs.toFixed(1)}; ` +
          `${load.cost.appDatabaseTransactions.toFixed(1)} / ${load.cost.sandboxDatabaseTransactions.toFixed(1)}`,
        // 200 searches a second on 2 cores leaves 10 ms of CPU for each, app and database together.
        aim: '<= 10 ms together',
        met: load.cost.appCpuMs + load.cost.databaseCpuMs <= 10,
      });
    figures.push(...loadFigures(load.rows, load.doubleBookings));
  }
  if (!skip.has('pages')) figures.push(...pageFigures(await runPages()));
  console.log('\n| figure | value | aim | met |\n| --- | --- | --- | --- |');
  for (const figure of figures)
    console.log(
      `| ${figure.figure} | ${figure.value} | ${figure.aim} | ` +
        `${figure.met === null ? '' : figure.met ? 'yes' : 'NO'} |`,
    );
});
