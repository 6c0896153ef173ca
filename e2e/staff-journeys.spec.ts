/**
 * The staff journeys of issue 17 (board, audit log, staff pages in every language, the installable
 * app) and the desk rules of issue 16. Staff sign in once per role for the whole file; the journeys
 * reuse those sessions.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_STAFF, DEMO_TIME_ZONE } from '@/lib/demo/demo-tenant';
import { DEMO_LOCATIONS, DEMO_PATIENTS } from '@/lib/fhir-server/seed/demo-clinic';
import { expectAccessible } from './support/axe';
import { DemoFhir } from './support/fhir';
import { signInAsStaff, type StaffAccount } from './support/passkey';

const [frontDesk, admin] = DEMO_STAFF;
const [LOOP] = DEMO_LOCATIONS;
const MRN_SYSTEM = 'https://lakeside-health.example/fhir/mrn';
const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

async function signedIn(
  browser: Browser,
  who: StaffAccount,
  locale: 'en' | 'es' | 'zh' = 'en',
): Promise<{ context: BrowserContext; page: Page }> {
  const baseURL = test.info().project.use.baseURL ?? '';
  let state = sessions.get(who.email);
  if (!state) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signInAsStaff(page, who);
    state = await context.storageState();
    sessions.set(who.email, state);
    await context.close();
  }
  const context = await browser.newContext({ baseURL, storageState: state });
  await context.addCookies([{ name: 'locale', value: locale, url: baseURL }]);
  return { context, page: await context.newPage() };
}

/** A booked appointment at the Loop starting `minutesFromNow` from this minute, made in the EHR. */
/** Minutes since midnight in the demo clinic's time zone (at least 3: waits out the first minutes of a day). */
async function minutesSinceClinicMidnight(): Promise<number> {
  const read = (): number => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: DEMO_TIME_ZONE,
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    }).formatToParts(new Date());
    const part = (type: string): number => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
    return part('hour') * 60 + part('minute');
  };
  while (read() < 3) await new Promise((resolve) => setTimeout(resolve, 15_000));
  return read();
}

async function appointmentAt(
  fhir: DemoFhir,
  mrn: string,
  minutesFromNow: number,
  serviceCode?: string,
  minutes = 20,
): Promise<string> {
  const [patientId, locationId, practitionerId] = await Promise.all([
    fhir.firstId('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`),
    fhir.firstId('Location', `name=${encodeURIComponent(LOOP.name)}`),
    fhir.firstId('Practitioner', '_count=1'),
  ]);
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + minutesFromNow * 60_000);
  return fhir.createAppointment({ patientId, practitionerId, locationId, start, minutes, serviceCode });
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('issue 17 #8: every button on the board has an accessible name that contains its visible text', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const fhir = new DemoFhir(request);
  await appointmentAt(fhir, DEMO_PATIENTS.adult.mrn, 0);
  const desk = await signedIn(browser, frontDesk);
  await desk.page.goto('/demo/staff/board');
  const buttons = desk.page.locator('main button');
  await expect(desk.page.getByRole('button', { name: 'Mark checked-in: James Carter' }).first()).toBeVisible();
  const count = await buttons.count();
  expect(count).toBeGreaterThan(3);
  for (let index = 0; index < count; index += 1) {
    const button = buttons.nth(index);
    if (!(await button.isVisible())) continue;
    const visible = (await button.innerText()).trim().replace(/\s+/g, ' ');
    const escaped = visible.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(button, `button "${visible}"`).toHaveAccessibleName(new RegExp(`^${escaped}`));
  }
  await desk.context.close();
});

test('issue 17 #15, 16 #4: the board in Spanish: visit type, phone, search, filters, no-show undone', async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const fhir = new DemoFhir(request);
  const now = await appointmentAt(fhir, DEMO_PATIENTS.adult.mrn, 0, 'primary-care');
  // Maria's visit ended a while ago today (clinic time) and she never came: "did not arrive", not
  // "late" all day. Just after the clinic's midnight it is a short visit that began at midnight.
  const sinceMidnight = await minutesSinceClinicMidnight();
  const ended = await appointmentAt(
    fhir,
    DEMO_PATIENTS.guardian.mrn,
    -Math.min(40, sinceMidnight),
    'pediatrics',
    Math.min(20, sinceMidnight - 2),
  );
  const desk = await signedIn(browser, frontDesk, 'es');
  const { page } = desk;
  await page.goto('/demo/staff/board');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recepción');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByText('En vivo: las llegadas aparecen al momento.')).toBeVisible();
  const nowRow = page.locator(`tr[data-appointment-id="${now}"]`);
  const endedRow = page.locator(`tr[data-appointment-id="${ended}"]`);
  await expect(nowRow).toContainText('Consulta de atención primaria');
  await expect(nowRow).toContainText(`Historia ${DEMO_PATIENTS.adult.mrn}`);
  await expect(endedRow).toHaveAttribute('data-state', 'missed');
  await expect(endedRow).toContainText('No llegó');
  await expect(endedRow.getByRole('link', { name: /Llamar a Maria Lopez/ })).toHaveAttribute(
    'href',
    /^tel:.*555.*0101/,
  );
  await page.getByText('Qué hacen los botones').click();
  await expect(page.getByText('«Marcar en consulta»: se llamó al paciente')).toBeVisible();
  await expectAccessible(page, 'board (es)');

  // Search by MRN as printed, then by part of the name; filter by what the clerk looks for.
  const search = page.getByLabel('Buscar por nombre, número de historia o teléfono');
  await search.fill(`${DEMO_PATIENTS.guardian.mrn.slice(0, 4)}-${DEMO_PATIENTS.guardian.mrn.slice(4)}`);
  await expect(endedRow).toBeVisible();
  await expect(nowRow).toHaveCount(0);
  await search.fill('carter');
  await expect(nowRow).toBeVisible();
  await expect(endedRow).toHaveCount(0);
  await search.fill('');
  await page.getByLabel('Mostrar').selectOption({ label: 'No llegaron y no presentados' });
  await expect(endedRow).toBeVisible();
  await expect(nowRow).toHaveCount(0);

  // No-show asks first; "keep" changes nothing; confirmed, it can be undone the same day.
  await endedRow.getByRole('button', { name: 'No se presentó: Maria Lopez' }).click();
  await expect(endedRow.getByText('¿Marcar a Maria Lopez como no presentado?')).toBeVisible();
  await endedRow.getByRole('button', { name: 'Dejar como está' }).click();
  expect((await fhir.get(`Appointment/${ended}`)).status).toBe('booked');
  await endedRow.getByRole('button', { name: 'No se presentó: Maria Lopez' }).click();
  await endedRow.getByRole('button', { name: 'Sí, no se presentó' }).click();
  await expect(endedRow).toHaveAttribute('data-state', 'noshow');
  await expect(endedRow).toContainText('No se presentó');
  expect((await fhir.get(`Appointment/${ended}`)).status).toBe('noshow');
  await endedRow.getByRole('button', { name: 'Deshacer no presentado: Maria Lopez' }).click();
  // Two EHR round trips (read, write at that version): room for a busy machine.
  await expect(endedRow).toHaveAttribute('data-state', 'missed', { timeout: 15_000 });
  expect((await fhir.get(`Appointment/${ended}`)).status).toBe('booked');

  // Issue 16 #4: tomorrow's visit cannot be changed from the desk.
  const tomorrow = await appointmentAt(fhir, DEMO_PATIENTS.adult.mrn, 24 * 60);
  const refused = await page.request.post(`/api/demo/desk/appointments/${tomorrow}`, {
    data: { action: 'noshow' },
    headers: { origin: test.info().project.use.baseURL ?? '' },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
    'solo se pueden cambiar las citas de hoy',
  );
  expect((await fhir.get(`Appointment/${tomorrow}`)).status).toBe('booked');
  await desk.context.close();
});

test('issue 17 #9: the EHR check’s items in Chinese, each title and finding from the catalogue; axe clean', async ({
  browser,
}) => {
  const office = await signedIn(browser, admin, 'zh');
  const { page } = office;
  await page.goto('/demo/staff/ehr');
  await page.getByRole('button', { name: '重新检查' }).click();
  await expect(page.getByRole('status')).toHaveText('患者可以在线预约、更改和取消就诊。');
  const items = page.locator('ul.ehr-check > li');
  const item = (title: string): ReturnType<Page['locator']> => items.filter({ hasText: title });
  await expect(item('正常：凭据（令牌和首次搜索）')).toContainText('电子病历系统已接受本应用。');
  await expect(item('正常：授予的权限范围（scope）')).toContainText('涵盖本应用读取和写入的全部内容。');
  await expect(item('正常：原子事务（探测）')).toContainText('带有过期 If-Match 的事务被整体拒绝。');
  await expect(item('正常：资源类型 Slot')).toContainText('已声明本应用所用的内容（read、search-type和update）。');
  // No English sentence is left in any item.
  for (const english of ['The EHR', 'Declares', 'Credentials', 'Granted scope', 'Books by']) {
    await expect(page.locator('ul.ehr-check')).not.toContainText(english);
  }
  await expectAccessible(page, '/demo/staff/ehr after a check');
  await office.context.close();
});

test('issue 17 #9, #13: every staff page in Chinese, lang zh-Hans, with the staff menu; axe clean', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const office = await signedIn(browser, admin, 'zh');
  const { page } = office;
  const pages: [string, string][] = [
    ['/demo/staff', `您好，${admin.displayName}`],
    ['/demo/staff/board', '前台'],
    ['/demo/staff/audit', '审计日志'],
    ['/demo/staff/notifications', '未送达的消息'],
    ['/demo/staff/check-in', '签到设置'],
    ['/demo/staff/ehr', '电子病历连接'],
    ['/demo/staff/passkeys', '通行密钥'],
    ['/demo/staff/changes', '来自电子病历的变更'],
    ['/demo/staff/waitlist', '候补名单'],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
    const menu = page.getByRole('navigation', { name: '员工菜单' });
    // Nine: the demo clinic has an EHR with a FHIR API, so no legacy-EHR bridge page.
    await expect(menu.getByRole('link')).toHaveCount(9);
    await expect(menu.getByRole('link', { name: '旧版电子病历' })).toHaveCount(0);
    await expect(menu.locator('a[aria-current="page"]')).toHaveAttribute('href', path);
    await expectAccessible(page, path);
  }
  await expect(page).toHaveTitle(/候补名单/);
  await page.goto('/demo/staff/check-in');
  await page.getByRole('link', { name: `${LOOP.name}的海报` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('在此签到');
  await expect(page.getByRole('button', { name: '更换（作废已打印的海报）' })).toBeVisible();

  // A front-desk clerk's menu has only what they may open; the sign-in page speaks Spanish.
  const desk = await signedIn(browser, frontDesk, 'es');
  await desk.page.goto('/demo/staff');
  await expect(desk.page.getByRole('navigation', { name: 'Menú del personal' }).getByRole('link')).toHaveText([
    'Inicio',
    'Recepción',
    'Llaves de acceso',
  ]);
  await expect(desk.page.getByText('Recepción en Lakeside Community Health, todas las sedes')).toBeVisible();
  const signedOut = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'es-MX' });
  const login = await signedOut.newPage();
  await login.goto('/demo/staff/login');
  await expect(login.getByRole('heading', { level: 1 })).toHaveText('Acceso del personal');
  await expect(login.getByLabel('Correo de trabajo')).toBeVisible();
  await signedOut.close();
  await desk.context.close();
  await office.context.close();
});

test('issue 17 #16: the audit log names patients with their MRN and pages through the events', async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const fhir = new DemoFhir(request);
  await appointmentAt(fhir, DEMO_PATIENTS.adult.mrn, 0);
  const office = await signedIn(browser, admin);
  const { page } = office;
  await page.goto('/demo/staff/board');
  await expect(page.getByText('James Carter').first()).toBeVisible();
  await page.goto('/demo/staff/audit?action=patient.read&limit=1');
  const events = page.getByRole('region', { name: 'Audit events' }).getByRole('row');
  await expect(events).toHaveCount(2);
  await expect(events.nth(1).getByRole('cell').nth(4)).toHaveText(/^\D+ · MRN \d{8}$/);

  await page.getByLabel('Patient MRN or id').fill(DEMO_PATIENTS.adult.mrn);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(events.nth(1)).toContainText(`James Carter · MRN ${DEMO_PATIENTS.adult.mrn}`);

  // Reading the log is audited too (a patient.read per patient shown), so the newest page moves on: page from here.
  await page.goto('/demo/staff/audit?action=patient.read&limit=1');
  const newest = (await events.nth(1).getAttribute('data-audit-id')) ?? '';
  await page
    .getByRole('navigation', { name: 'Pages of the audit log' })
    .getByRole('link', { name: 'Older events' })
    .click();
  await expect(page).toHaveURL(new RegExp(`before=${newest}`));
  await expect(events.nth(1)).not.toHaveAttribute('data-audit-id', newest);
  const older = (await events.nth(1).getAttribute('data-audit-id')) ?? '';
  expect(BigInt(older)).toBeLessThan(BigInt(newest));
  await page.getByRole('link', { name: 'Newer events' }).click();
  await expect(page).toHaveURL(new RegExp(`after=${older}`));
  await expect(events.nth(1)).toHaveAttribute('data-audit-id', newest);
  await expectAccessible(page, 'audit log');
  await office.context.close();
});

test('issue 17 #11: an installable app: favicon, manifests (site, clinic), icons as named, theme colour', async ({
  page,
  request,
}) => {
  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);

  await page.goto('/demo');
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBe('/demo/manifest.webmanifest');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0b5cad');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/icons/apple-touch-icon.png');
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /favicon/);

  for (const [path, name, startUrl] of [
    ['/manifest.webmanifest', 'Patient scheduling', '/'],
    [manifestHref ?? '', 'Lakeside Community Health', '/demo'],
  ] as const) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/manifest+json');
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    // What Chromium's installability check asks: a name, a start URL in scope, a standalone display and
    // a PNG icon of at least 192 and one of 512 px; a maskable icon for Android's adaptive icons.
    expect(manifest).toMatchObject({ name, start_url: startUrl, scope: startUrl, display: 'standalone' });
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(manifest.theme_color).toBe('#0b5cad');
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
    expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable']),
    );
    for (const icon of manifest.icons) {
      const file = await request.get(icon.src);
      expect(file.status(), icon.src).toBe(200);
      expect(file.headers()['content-type'], icon.src).toContain(icon.type);
      if (icon.type === 'image/png') {
        const { width, height } = pngSize(await file.body());
        expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
      }
    }
  }
  const apple = await request.get('/icons/apple-touch-icon.png');
  expect(pngSize(await apple.body())).toEqual({ width: 180, height: 180 });
});

test('issue 14: the administrator sees how far behind the EHR change detection is, its last success and error', async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, admin);
  await page.goto('/demo/staff/changes');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Changes from the EHR');
  const value = (term: string) =>
    page
      .locator('dt')
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator('xpath=following-sibling::dd[1]');
  // The server's change detection runs within seconds of its start: reload until it has succeeded once.
  await expect(async () => {
    await page.reload();
    await expect(value('Last successful sync')).not.toHaveText('never', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(value('Behind the EHR by')).toHaveText(/^\d+ s$/);
  await expect(value('Last error')).toHaveText('none');
  await expect(value('Source')).toHaveText(/^(Polling every \d+ s|EHR notifications \(Subscription\))/);
  await expectAccessible(page, '/demo/staff/changes');
  await context.close();
});
