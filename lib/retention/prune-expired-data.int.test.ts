import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { withIdempotency } from '@/lib/http/idempotency';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { pruneExpiredData } from './prune-expired-data';

const database = testDatabase();
/** The job runs as the app's own role (as on a web server or worker). */
const appDatabase = createDatabase(inject('appDatabaseUrl'));
afterAll(async () => {
  await appDatabase.$disconnect();
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function newTenantId(): Promise<string> {
  const tenant = await createTenant(database, {
    slug: uniqueSlug('retention'),
    displayName: 'Retention Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
  return tenant.id;
}

describe('the retention job', () => {
  it('prunes each table by its rule and keeps what is still needed', async () => {
    const tenantId = await newTenantId();
    const now = new Date();
    const ago = (ms: number): Date => new Date(now.getTime() - ms);
    const tag = uniqueSlug('r');

    await database.rateLimitCounter.createMany({
      data: [
        { key: `${tag}:expired`, windowStart: ago(2 * DAY), count: 3, expiresAt: ago(MINUTE) },
        { key: `${tag}:current`, windowStart: ago(MINUTE), count: 3, expiresAt: new Date(now.getTime() + MINUTE) },
      ],
    });
    await database.idempotencyKey.createMany({
      data: [
        { tenantId, key: `${tag}-done-old`, requestHash: 'h', state: 'done', createdAt: ago(2 * DAY) },
        { tenantId, key: `${tag}-done-new`, requestHash: 'h', state: 'done', createdAt: ago(10 * MINUTE) },
        { tenantId, key: `${tag}-abandoned`, requestHash: 'h', state: 'in-progress', createdAt: ago(6 * MINUTE) },
        { tenantId, key: `${tag}-running`, requestHash: 'h', state: 'in-progress', createdAt: ago(MINUTE) },
      ],
    });
    const challenge = (subject: string, expiresAt: Date): object => ({
      tenantId,
      purpose: 'login',
      subject,
      channel: 'sms',
      codeHash: 'x',
      expiresAt,
    });
    await database.otpChallenge.createMany({
      data: [challenge(`${tag}-old`, ago(2 * DAY)), challenge(`${tag}-recent`, ago(MINUTE))] as never,
    });
    await database.deskEvent.createMany({
      data: [
        { tenantId, locationId: 'loc', appointmentId: 'old', status: 'arrived', createdAt: ago(3 * DAY) },
        { tenantId, locationId: 'loc', appointmentId: 'today', status: 'arrived', createdAt: ago(MINUTE) },
      ],
    });
    const message = (key: string, status: string, createdAt: Date): object => ({
      tenantId,
      channel: 'email',
      priority: 'transactional',
      template: 'booking-confirmation',
      locale: 'en',
      recipient: 'ana@example.com',
      idempotencyKey: `${tag}-${key}`,
      subject: 'Your visit with Dr. Reyes',
      textBody: 'Ana, your visit is on Friday.',
      htmlBody: '<p>Ana, your visit is on Friday.</p>',
      calendar: 'BEGIN:VCALENDAR',
      status,
      createdAt,
    });
    await database.notification.createMany({
      data: [
        message('old-sent', 'sent', ago(31 * DAY)),
        message('old-queued', 'queued', ago(31 * DAY)),
        message('recent-sent', 'sent', ago(DAY)),
      ] as never,
    });

    const report = await pruneExpiredData(appDatabase, now);
    expect(report.rateLimitCounters).toBeGreaterThanOrEqual(1);
    expect(report.notificationBodies).toBeGreaterThanOrEqual(1);

    expect(
      (await database.rateLimitCounter.findMany({ where: { key: { startsWith: tag } } })).map((row) => row.key),
    ).toEqual([`${tag}:current`]);
    expect(
      (await database.idempotencyKey.findMany({ where: { tenantId }, orderBy: { key: 'asc' } })).map((row) => row.key),
    ).toEqual([`${tag}-done-new`, `${tag}-running`]);
    expect((await database.otpChallenge.findMany({ where: { tenantId } })).map((row) => row.subject)).toEqual([
      `${tag}-recent`,
    ]);
    expect((await database.deskEvent.findMany({ where: { tenantId } })).map((row) => row.appointmentId)).toEqual([
      'today',
    ]);
    const messages = await database.notification.findMany({ where: { tenantId }, orderBy: { idempotencyKey: 'asc' } });
    expect(
      messages.map((row) => [row.idempotencyKey.slice(tag.length + 1), row.status, row.textBody, row.htmlBody]),
    ).toEqual([
      ['old-queued', 'queued', 'Ana, your visit is on Friday.', '<p>Ana, your visit is on Friday.</p>'],
      ['old-sent', 'sent', '', null],
      ['recent-sent', 'sent', 'Ana, your visit is on Friday.', '<p>Ana, your visit is on Friday.</p>'],
    ]);
    expect(messages.find((row) => row.status === 'sent' && row.textBody === '')).toMatchObject({
      subject: null,
      calendar: null,
      recipient: 'ana@example.com',
    });
  });

  it('lets a retry through an in-progress idempotency key abandoned minutes ago by a crashed request', async () => {
    const tenantId = await newTenantId();
    const key = `crashed-${uniqueSlug('k')}`.replaceAll('-', '_').padEnd(20, 'x');
    const request = { slotId: 'slot-1' };
    let runs = 0;
    const book = (): Promise<{ appointmentId: string }> =>
      withIdempotency(appDatabase, { tenantId, key, request }, () => {
        runs += 1;
        return Promise.resolve({ appointmentId: 'appt-1' });
      });
    const claim = await withIdempotency(appDatabase, { tenantId, key: `${key}_live`, request }, async () => {
      // While a request is still running, a repeat is told to wait.
      const repeat = withIdempotency(appDatabase, { tenantId, key: `${key}_live`, request }, () =>
        Promise.resolve({ appointmentId: 'never' }),
      );
      await expect(repeat).rejects.toMatchObject({ reason: 'request.inProgress' });
      return { appointmentId: 'appt-live' };
    });
    expect(claim).toEqual({ appointmentId: 'appt-live' });

    // The first attempt claimed the key six minutes ago, then its process died before answering.
    const requestHash = (await hashOf(request)) ?? '';
    await database.idempotencyKey.create({
      data: { tenantId, key, requestHash, state: 'in-progress', createdAt: new Date(Date.now() - 6 * MINUTE) },
    });
    expect(await book()).toEqual({ appointmentId: 'appt-1' });
    expect(await book()).toEqual({ appointmentId: 'appt-1' });
    expect(runs).toBe(1);
  });
});

/** The request hash withIdempotency stores, read back from a key it wrote. */
async function hashOf(request: unknown): Promise<string | undefined> {
  const tenantId = await newTenantId();
  const key = `probe_${Math.random().toString(36).slice(2)}`.padEnd(20, 'x');
  await withIdempotency(database, { tenantId, key, request }, () => Promise.resolve({ ok: true }));
  return (await database.idempotencyKey.findFirst({ where: { tenantId, key } }))?.requestHash;
}
