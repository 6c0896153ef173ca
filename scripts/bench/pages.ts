/**
 * `npm run bench:pages`: Lighthouse (mobile, the npm package with Debian's Chromium) on the patient
 * pages (landing, login, /me, booking with results, an appointment) and the front desk's board,
 * signed in through the session cookie where the page needs one, against the production build on
 * the embedded stack. Prints performance and accessibility scores, LCP, total blocking time and the
 * compressed JavaScript each page loads.
 */
import { spawn } from 'node:child_process';
import { runBench } from './stats';
import { startAppStack } from './app-stack';

export interface PageRow {
  page: string;
  performance: number;
  accessibility: number;
  lcpMs: number;
  tbtMs: number;
  scriptKb: number;
}

const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage';

interface LighthouseResult {
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { numericValue?: number; details?: unknown }>;
}

/**
 * One Lighthouse run through its command line (its page functions run in the browser; a TypeScript
 * loader's helpers in them would break it), mobile, performance and accessibility only.
 */
function lighthouse(url: string, headers: Record<string, string>): Promise<LighthouseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/lighthouse/cli/index.js',
        url,
        '--output=json',
        '--quiet',
        '--only-categories=performance,accessibility',
        `--chrome-flags=${CHROME_FLAGS}`,
        ...(Object.keys(headers).length > 0 ? [`--extra-headers=${JSON.stringify(headers)}`] : []),
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' } },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse ${url} exited ${code}: ${errors.slice(-500)}`));
      try {
        resolve(JSON.parse(output) as LighthouseResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function numeric(audits: Record<string, { numericValue?: number }>, id: string): number {
  return audits[id]?.numericValue ?? Number.NaN;
}

export async function runPages(): Promise<PageRow[]> {
  const stack = await startAppStack({ processes: 1 });
  try {
    const origin = stack.origins[0] ?? '';
    const [patient] = await stack.patients(1);
    if (!patient) throw new Error('no demo patient');
    // The appointment page shows one of the patient's own upcoming appointments (the demo has some).
    const upcoming = await stack.fhir.request<{ entry?: { resource?: { id?: string } }[] }>(
      'GET',
      `/Appointment?patient=Patient/${patient.patientId}&status=booked&date=ge${new Date().toISOString()}&_count=1`,
    );
    const appointment = upcoming.body.entry?.[0]?.resource?.id;
    if (!appointment) throw new Error('the demo patient has no upcoming appointment');
    const staffCookie = await stack.staffCookie();
    const pages: { page: string; path: string; cookie?: string }[] = [
      { page: 'landing', path: '/demo' },
      { page: 'login', path: '/demo/login' },
      { page: '/me (signed in)', path: '/demo/me', cookie: patient.cookie },
      { page: 'booking with results', path: '/demo/book?for=0&service=primary-care', cookie: patient.cookie },
      { page: 'appointment', path: `/demo/appointments/${appointment}`, cookie: patient.cookie },
      { page: 'front desk board', path: '/demo/staff/board', cookie: staffCookie },
    ];
    const rows: PageRow[] = [];
    for (const { page, path, cookie } of pages) {
      // One warm-up load compiles nothing in production, but fills the server's per-clinic caches.
      await fetch(`${origin}${path}`, { headers: cookie ? { cookie } : {} });
      const lhr = await lighthouse(`${origin}${path}`, cookie ? { Cookie: cookie } : {});
      const audits = lhr.audits;
      const requests =
        (audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] })
          ?.items ?? [];
      const scriptBytes = requests
        .filter((request) => request.resourceType === 'Script')
        .reduce((sum, request) => sum + (request.transferSize ?? 0), 0);
      rows.push({
        page,
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
        lcpMs: numeric(audits, 'largest-contentful-paint'),
        tbtMs: numeric(audits, 'total-blocking-time'),
        scriptKb: scriptBytes / 1024,
      });
    }
    return rows;
  } finally {
    await stack.stop();
  }
}

export function printPagesTable(rows: PageRow[]): void {
  console.log(
    '\n| page | performance | accessibility | LCP (ms) | TBT (ms) | JS compressed (kB) |\n' +
      '| --- | --- | --- | --- | --- | --- |',
  );
  for (const row of rows)
    console.log(
      `| ${row.page} | ${row.performance} | ${row.accessibility} | ${row.lcpMs.toFixed(0)} | ` +
        `${row.tbtMs.toFixed(0)} | ${row.scriptKb.toFixed(1)} |`,
    );
}

if (process.argv[1]?.endsWith('pages.ts')) runBench(async () => printPagesTable(await runPages()));
