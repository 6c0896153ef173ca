import { expect, test } from '@playwright/test';
import { JAMES, signedInAs } from './support/patient';

interface Manifest {
  transactionTime: string;
  request: string;
  output: { type: string; url: string }[];
  error: unknown[];
}

const DEEP_LINK = 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link';

test('a slot finder polls the clinic’s SMART Scheduling Links; its deep link opens that slot’s review page', async ({
  browser,
  page,
  request,
}) => {
  const first = await request.get('/demo/$bulk-publish');
  expect(first.status()).toBe(200);
  const manifest = (await first.json()) as Manifest;
  expect(manifest.request).toMatch(/\/demo\/\$bulk-publish$/);
  expect(manifest.output.map((output) => output.type).sort()).toEqual([
    'Location',
    'PractitionerRole',
    'Schedule',
    'Slot',
  ]);
  const etag = first.headers().etag ?? '';
  expect(etag).not.toBe('');
  expect((await request.get('/demo/$bulk-publish', { headers: { 'If-None-Match': etag } })).status()).toBe(304);

  const slotFile = manifest.output.find((output) => output.type === 'Slot');
  const slots = await request.get(new URL(slotFile?.url ?? '').pathname);
  expect(slots.headers()['content-type']).toContain('application/fhir+ndjson');
  const slot = JSON.parse((await slots.text()).split('\n')[0] ?? '{}') as {
    id: string;
    extension: { url: string; valueUrl?: string }[];
  };
  const link = new URL(slot.extension.find((extension) => extension.url === DEEP_LINK)?.valueUrl ?? '');
  const path = `${link.pathname}${link.search}`;
  expect(link.searchParams.get('slot')).toBe(slot.id);

  // Signed out, the link leads to sign-in and remembers the slot.
  const stranger = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(path);
  await expect(strangerPage).toHaveURL(/\/demo\/login\?returnTo=/);
  expect(new URL(strangerPage.url()).searchParams.get('returnTo')).toBe(path);
  await stranger.close();

  // Signed in, the same link is the review page of that slot, ready to confirm.
  await signedInAs(page, JAMES);
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await expect(page.getByRole('button', { name: 'Confirm booking' })).toBeVisible();

  // A clinic that has not opted in, and a file that is not published: 404 with a message.
  const missing = await request.get('/demo/scheduling-links/patients.ndjson');
  expect(missing.status()).toBe(404);
});
