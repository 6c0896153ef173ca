/**
 * Idempotency keys for writes that matter (booking): a double tap or a retry after a dropped
 * connection gets the first answer; reusing a key for a different request is a 409. Held in
 * PostgreSQL, so it works across replicas; a key being processed blocks concurrent duplicates, until
 * it is {@link RETENTION.abandonedIdempotencyKeys} old: then its request is taken to have died with
 * its process (nothing answered it), and a retry runs it again.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { RETENTION } from '@/lib/retention/retention-rules';

export const idempotencyKeySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{16,100}$/, 'request.idempotencyKeyInvalid');

/** `T` must be plain JSON data (it is stored and returned to repeats as is). */
export async function withIdempotency<T extends object>(
  database: Database,
  input: { tenantId: string; key: string; request: unknown },
  run: () => Promise<T>,
): Promise<T> {
  const requestHash = createHash('sha256').update(JSON.stringify(input.request)).digest('base64url');
  // An abandoned claim of this key (its process crashed mid-request) gives way; compare-and-set, so
  // only one retry takes it over.
  await database.idempotencyKey.deleteMany({
    where: {
      tenantId: input.tenantId,
      key: input.key,
      requestHash,
      state: 'in-progress',
      createdAt: { lt: new Date(Date.now() - RETENTION.abandonedIdempotencyKeys) },
    },
  });
  try {
    await database.idempotencyKey.create({
      data: { tenantId: input.tenantId, key: input.key, requestHash, state: 'in-progress' },
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
    const existing = await database.idempotencyKey.findUniqueOrThrow({
      where: { tenantId_key: { tenantId: input.tenantId, key: input.key } },
    });
    if (existing.requestHash !== requestHash) throw new AppError('conflict', 'request.idempotencyKeyReused');
    if (existing.state !== 'done')
      throw new AppError('conflict', 'request.inProgress', {
        retryAfterSeconds: 2,
      });
    return existing.response as unknown as T;
  }
  try {
    const result = await run();
    await database.idempotencyKey.update({
      where: { tenantId_key: { tenantId: input.tenantId, key: input.key } },
      data: { state: 'done', response: JSON.parse(JSON.stringify(result)) as Prisma.InputJsonValue },
    });
    return result;
  } catch (error) {
    // Nothing was done: the same key may be tried again.
    await database.idempotencyKey
      .delete({ where: { tenantId_key: { tenantId: input.tenantId, key: input.key } } })
      .catch(() => undefined);
    throw error;
  }
}
