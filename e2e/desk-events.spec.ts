import { expect, test } from '@playwright/test';
import { DEMO_STAFF } from '@/lib/demo/demo-tenant';
import { runDbTask } from './support/db-task-client';
import { signInAsStaff } from './support/passkey';

const [frontDesk] = DEMO_STAFF;

test('a front-desk browser hears an arrival from another process, and resumes after a dropped connection', async ({
  page,
}) => {
  await signInAsStaff(page, frontDesk);

  await page.evaluate(() => {
    const received: string[] = [];
    (window as unknown as { received: string[] }).received = received;
    const source = new EventSource('/api/demo/desk/events');
    (window as unknown as { source: EventSource }).source = source;
    source.addEventListener('desk', (event) => received.push((event as MessageEvent<string>).data));
    return new Promise<void>((resolve) => source.addEventListener('open', () => resolve()));
  });

  const first = runDbTask<{ id: string }>('publishDeskEvent', {
    tenant: 'demo',
    locationId: 'loc-e2e',
    appointmentId: 'appt-e2e-1',
    status: 'arrived',
    method: 'geofence',
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { received: string[] }).received.length)).toBe(1);
  expect(
    JSON.parse(await page.evaluate(() => (window as unknown as { received: string[] }).received[0] ?? '{}')),
  ).toMatchObject({ id: first.id, appointmentId: 'appt-e2e-1', status: 'arrived' });

  // Drop the connection, let a change happen meanwhile, and resume from the last id seen.
  await page.evaluate(() => (window as unknown as { source: EventSource }).source.close());
  runDbTask('publishDeskEvent', {
    tenant: 'demo',
    locationId: 'loc-e2e',
    appointmentId: 'appt-e2e-1',
    status: 'checked-in',
  });
  const replayed = await page.evaluate(async (after) => {
    const response = await fetch(`/api/demo/desk/events?after=${after}`);
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (reader && !text.includes('event: desk')) text += decoder.decode((await reader.read()).value);
    await reader?.cancel();
    return text;
  }, first.id);
  expect(replayed).toContain('"status":"checked-in"');
  expect(replayed).not.toContain('"status":"arrived"');
});

test('the live feed is for signed-in staff only', async ({ request }) => {
  expect((await request.get('/api/demo/desk/events')).status()).toBe(401);
});
