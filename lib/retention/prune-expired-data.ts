/**
 * The retention job's work: applies every rule of ./retention-rules.ts once, as of `now`. Safe to run
 * on any replica at any time (each rule is one idempotent statement); the daily job runs it once
 * across replicas.
 */
import type { Database } from '@/lib/db/client';
import { RETENTION, UNSENT_NOTIFICATION_STATUSES } from './retention-rules';

export interface PruneReport {
  rateLimitCounters: number;
  idempotencyKeys: number;
  oneTimeCodes: number;
  deskEvents: number;
  notificationBodies: number;
}

const before = (now: Date, ms: number): Date => new Date(now.getTime() - ms);

export async function pruneExpiredData(database: Database, now: Date = new Date()): Promise<PruneReport> {
  const rateLimitCounters = await database.rateLimitCounter.deleteMany({
    where: { expiresAt: { lt: before(now, RETENTION.rateLimitCounters) } },
  });
  const idempotencyKeys = await database.idempotencyKey.deleteMany({
    where: {
      OR: [
        { state: 'done', createdAt: { lt: before(now, RETENTION.finishedIdempotencyKeys) } },
        { state: { not: 'done' }, createdAt: { lt: before(now, RETENTION.abandonedIdempotencyKeys) } },
      ],
    },
  });
  const oneTimeCodes = await database.otpChallenge.deleteMany({
    where: { expiresAt: { lt: before(now, RETENTION.oneTimeCodes) } },
  });
  const deskEvents = await database.deskEvent.deleteMany({
    where: { createdAt: { lt: before(now, RETENTION.deskEvents) } },
  });
  const notificationBodies = await database.notification.updateMany({
    where: {
      createdAt: { lt: before(now, RETENTION.notificationBodies) },
      status: { notIn: [...UNSENT_NOTIFICATION_STATUSES] },
      OR: [
        { textBody: { not: '' } },
        { htmlBody: { not: null } },
        { subject: { not: null } },
        { calendar: { not: null } },
      ],
    },
    data: { textBody: '', htmlBody: null, subject: null, calendar: null },
  });
  return {
    rateLimitCounters: rateLimitCounters.count,
    idempotencyKeys: idempotencyKeys.count,
    oneTimeCodes: oneTimeCodes.count,
    deskEvents: deskEvents.count,
    notificationBodies: notificationBodies.count,
  };
}
