import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { outboxNotifier } from '@/lib/testing/outbox-notifier';
import type { Notifier } from './notifier';
import { startQueue } from './queue';

const database = testDatabase();
let boss: PgBoss;
let notifier: Notifier;
let tenant: Tenant;
const hhmm = (date: Date): string => date.toISOString().slice(11, 16);
const variables = {
  patient: 'Pat',
  when: 'tomorrow 9:00 AM',
  location: 'Loop',
  address: '55 E Washington St',
  link: 'https://book.example/demo',
};

beforeAll(async () => {
  boss = await startQueue(inject('databaseUrl'), 'pgboss_quiet_hours_test');
  notifier = outboxNotifier(database, boss);
  // A clinic (on UTC) whose sending window opens in an hour: right now is its quiet time.
  const opens = new Date(Date.now() + 3_600_000);
  tenant = await createTenant(database, {
    slug: uniqueSlug('quiet'),
    displayName: 'Lakeside',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:mrn',
    notificationSettings: {
      defaultCountry: 'US',
      smsFrom: '+13125550100',
      quietHours: { start: hhmm(opens), end: hhmm(new Date(opens.getTime() + 3_600_000)) },
    },
  });
});

afterAll(async () => {
  await boss.stop({ graceful: false });
});

async function sendAfterOf(id: string): Promise<Date> {
  return (await database.notification.findUniqueOrThrow({ where: { id } })).sendAfter;
}

describe('quiet hours per clinic', () => {
  it('holds a reminder due in quiet hours until the clinic window opens', async () => {
    const { notificationId } = await notifier.enqueue({
      tenant,
      channel: 'sms',
      to: '3125550101',
      template: 'reminder-24h',
      locale: 'en',
      variables,
      priority: 'bulk',
      idempotencyKey: `quiet-reminder-${Date.now()}`,
      sendAfter: new Date(),
    });
    const held = await sendAfterOf(notificationId);
    const wait = held.getTime() - Date.now();
    expect(wait).toBeGreaterThan(55 * 60_000);
    expect(wait).toBeLessThan(61 * 60_000);
  });

  it('sends one-time codes and booking confirmations at once, even in quiet hours', async () => {
    const before = Date.now();
    const { notificationId: code } = await notifier.sendOtp({
      tenant,
      contact: { kind: 'sms', value: '3125550102' },
      code: '123456',
      minutes: 10,
      locale: 'en',
      idempotencyKey: `quiet-otp-${before}`,
    });
    const { notificationId: confirmation } = await notifier.enqueue({
      tenant,
      channel: 'sms',
      to: '3125550102',
      template: 'booking-confirmation',
      locale: 'en',
      variables,
      priority: 'transactional',
      idempotencyKey: `quiet-confirmation-${before}`,
    });
    for (const id of [code, confirmation]) expect((await sendAfterOf(id)).getTime()).toBeLessThan(before + 5_000);
  });
});
