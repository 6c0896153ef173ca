/**
 * Hand-off pacing per sender, in PostgreSQL so every worker process shares it. Carriers accept about
 * one segment per second from a long code and queue the rest for hours, in arrival order; so the
 * worker never hands over faster than the sender's rate, and only one-time codes may reserve a place
 * in line: other messages go only when the sender is idle, and otherwise step aside (defer).
 */
import type { Database } from '@/lib/db/client';

export type Reservation = { go: true; waitMs: number } | { go: false; deferUntil: Date };

export async function reserveHandoff(
  database: Database,
  sender: string,
  ratePerSecond: number,
  mode: 'queue' | 'only-if-idle',
): Promise<Reservation> {
  const intervalMs = Math.max(1, Math.round(1000 / ratePerSecond));
  await database.$executeRaw`
    INSERT INTO "SenderThrottle" ("sender", "nextAvailableAt") VALUES (${sender}, now())
    ON CONFLICT ("sender") DO NOTHING`;
  if (mode === 'queue') {
    const rows = await database.$queryRaw<{ slot: Date }[]>`
      UPDATE "SenderThrottle"
      SET "nextAvailableAt" = greatest("nextAvailableAt", now()) + make_interval(secs => ${intervalMs / 1000})
      WHERE "sender" = ${sender}
      RETURNING "nextAvailableAt" - make_interval(secs => ${intervalMs / 1000}) AS slot`;
    const slot = rows[0]?.slot ?? new Date();
    return { go: true, waitMs: Math.max(0, slot.getTime() - Date.now()) };
  }
  const taken = await database.$queryRaw<{ sender: string }[]>`
    UPDATE "SenderThrottle" SET "nextAvailableAt" = now() + make_interval(secs => ${intervalMs / 1000})
    WHERE "sender" = ${sender} AND "nextAvailableAt" <= now()
    RETURNING "sender"`;
  if (taken.length > 0) return { go: true, waitMs: 0 };
  const rows = await database.$queryRaw<
    { next: Date }[]
  >`SELECT "nextAvailableAt" AS next FROM "SenderThrottle" WHERE "sender" = ${sender}`;
  return { go: false, deferUntil: rows[0]?.next ?? new Date(Date.now() + intervalMs) };
}
