/**
 * The notifier integration tests use: the real Notifier and queue (pg-boss on the run's database, in a
 * schema of the test's own) with both channels going to the development outbox.
 */
import type PgBoss from 'pg-boss';
import type { Database } from '@/lib/db/client';
import { DevOutboxChannel } from '@/lib/notify/channels/dev-outbox';
import { Notifier } from '@/lib/notify/notifier';

/** `smsRatePerSecond`: the carrier's rate the queue keeps to (benchmarks raise it so it never throttles). */
export function outboxNotifier(database: Database, boss: PgBoss, smsRatePerSecond = 10): Notifier {
  return new Notifier({
    database,
    boss,
    channels: { sms: new DevOutboxChannel('sms'), email: new DevOutboxChannel('email') },
    smsRatePerSecond,
    defaultSmsFrom: 'dev-outbox',
    emailFrom: 'dev@localhost',
    appBaseUrl: 'http://localhost',
  });
}
