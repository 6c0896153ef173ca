import { gzipSync } from 'node:zlib';
import { expect, test, type Page, type Response } from '@playwright/test';
import { MARIA, signedInAs } from './support/patient';

/**
 * Bytes of JavaScript a page loads on first visit, uncompressed and gzip-compressed (what travels), for
 * the First Load JS budget.
 */
async function scriptBytes(page: Page, path: string): Promise<{ raw: number; gzip: number }> {
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const listener = (response: Response): void => {
    if (response.request().resourceType() === 'script')
      void response.body().then(
        (body) => sizes.set(response.url(), { raw: body.length, gzip: gzipSync(body).length }),
        () => undefined,
      );
  };
  page.on('response', listener);
  await page.goto(path, { waitUntil: 'networkidle' });
  page.off('response', listener);
  return [...sizes.values()].reduce((sum, size) => ({ raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip }), {
    raw: 0,
    gzip: 0,
  });
}

test('patient pages stay light on a phone: first-load JavaScript within budget', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const landing = await scriptBytes(page, '/demo');
  await signedInAs(page, MARIA);
  const fresh = await browser.newContext({ storageState: await context.storageState() });
  const bookingPage = await fresh.newPage();
  const booking = await scriptBytes(bookingPage, '/demo/book?for=0&service=pediatrics');
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
  console.warn(
    `First Load JS (uncompressed / gzip): /demo ${kib(landing.raw)} / ${kib(landing.gzip)}, ` +
      `/demo/book with results ${kib(booking.raw)} / ${kib(booking.gzip)}`,
  );
  expect(landing.raw).toBeLessThan(700 * 1024);
  expect(booking.raw).toBeLessThan(800 * 1024);
  await fresh.close();
  await context.close();
});
