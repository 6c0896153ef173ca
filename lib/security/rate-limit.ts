/**
 * Fixed-window rate limits held in PostgreSQL, so that every replica counts against the same limit.
 * One atomic upsert per attempt: no read-then-write race.
 */
import { createHash } from 'node:crypto';
import type { Database } from '@/lib/db/client';

export interface RateLimitRule {
  /** What is being limited, e.g. `login:mrn`. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/** Keys hold hashes, never the MRN, phone or IP itself. */
export function rateLimitKey(rule: RateLimitRule, tenantId: string, subject: string): string {
  const digest = createHash('sha256').update(`${tenantId}\u0000${subject}`).digest('base64url');
  return `${rule.name}:${digest}`;
}

export async function consumeRateLimit(
  database: Database,
  rule: RateLimitRule,
  tenantId: string,
  subject: string,
): Promise<RateLimitResult> {
  const key = rateLimitKey(rule, tenantId, subject);
  const windowMs = rule.windowSeconds * 1000;
  const rows = await database.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, now(), 1, now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitCounter"."expiresAt" <= now() THEN 1 ELSE "RateLimitCounter"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitCounter"."expiresAt" <= now()
        THEN now() ELSE "RateLimitCounter"."windowStart" END,
      "expiresAt" = CASE WHEN "RateLimitCounter"."expiresAt" <= now()
        THEN now() + make_interval(secs => ${rule.windowSeconds}) ELSE "RateLimitCounter"."expiresAt" END
    RETURNING "count", "windowStart"`;
  const row = rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  const count = Number(row.count);
  const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + windowMs - Date.now()) / 1000));
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds };
}

/** Deletes expired counters; run from a periodic job. */
export async function pruneRateLimits(database: Database): Promise<number> {
  return database.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "expiresAt" < now()`;
}
