/**
 * A rest-hook notification from a clinic's EHR (POST /api/sync/notifications/{key}): the key names
 * the clinic's subscription (unknown: 404), the `Authorization: Bearer` secret must be the one the app
 * gave the EHR (else 401); then a run of change detection is queued for that clinic, nothing else. The
 * notification carries no data: the run reads the change feed itself.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { notificationSecretHash } from './run-clinic-sync';

export async function receiveChangeNotification(
  database: Database,
  input: { key: string; authorization: string | null },
  queueRun: (tenantId: string) => Promise<void>,
): Promise<{ tenantId: string }> {
  const row = /^[a-f0-9]{32}$/.test(input.key)
    ? await database.clinicSync.findUnique({
        where: { notificationKey: input.key },
        select: { tenantId: true, notificationSecretHash: true },
      })
    : null;
  if (!row?.notificationSecretHash) throw new AppError('not_found', 'sync.subscriptionUnknown');
  const secret = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? '')?.[1] ?? '';
  const given = Buffer.from(notificationSecretHash(secret), 'hex');
  const expected = Buffer.from(row.notificationSecretHash, 'hex');
  if (!secret || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('unauthenticated', 'sync.subscriptionRefused');
  await queueRun(row.tenantId);
  return { tenantId: row.tenantId };
}
