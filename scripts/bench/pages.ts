/**
 * `npm run bench:pages`: Lighthouse (mobile, the npm package with Debian's Chromium) on the patient
 * pages (landing, login, /me, booking with results, an appointment) and the front desk's board,
 * signed in through the session cookie where the page needs one, against the production build on
 * the embedded stack. Prints performance and accessibility scores, LCP, total blocking time and the
 * compressed JavaScript each page loads.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
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

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

function numeric(audits: Record<string, { numericValue?: number }>, id: string): number {
  return audits[id]?.numericValue ?? Number.NaN;
}

export async function runPages(): Promise<PageRow[]> {
  const stack = await startAppStack({ processes: 1 });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  try {
    const origin = stack.origins[0] ?? '';
    const [patient] = await stack.patients(1);
    if (!patient) throw new Error('no demo patient');
    const slots = await fetch(`${origin}/api/demo/slots?service=primary-care`, {
      headers: { cookie: patient.cookie },
    });
    const slot = ((await slots.json()) as { items: { id: string; version: string }[] }).items[0];
    if (!slot) throw new Error('no free slot to book for the appointment page');
    const booked = await fetch(`${origin}/api/demo/appointments`, {
      method: 'POST',
      headers: {
        cookie: patient.cookie,
        origin,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify({ forPatient: patient.patientId, slotId: slot.id, slotVersion: slot.version }),
    });
    if (booked.status !== 201) throw new Error(`booking for the appointment page failed: ${booked.status}`);
    const appointment = ((await booked.json()) as { appointment: { id: string } }).appointment.id;
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
      const result = await lighthouse(
        `${origin}${path}`,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
          ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
        },
        undefined,
      );
      if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
      const { lhr } = result;
      const audits = lhr.audits as Record<string, { numericValue?: number; details?: unknown }>;
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
    chrome.kill();
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
