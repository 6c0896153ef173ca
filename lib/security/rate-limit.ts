/**
 * Fixed-window rate limits held in PostgreSQL, so that every replica counts against the same limit.
 * One atomic upsert per attempt: no read-then-write race (also for failures: `takeAttempt`).
 */
import { createHash } from 'node:crypto';
import type { Database } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';

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

/**
 * Failed attempts at a secret (a birth date, a code, a password), as NIST SP 800-63B 5.2.2 asks: a
 * few free tries, then a delay that doubles with each further failure (`baseDelaySeconds` up to
 * `maxDelaySeconds`), and optionally a hard `ceiling` per window. Keyed by the caller: per account
 * *and source*, so an attacker slows themselves down and the real person on another network is not
 * affected, and per account alone with a high ceiling, so that spreading guesses over many sources
 * still ends. Counters expire `windowSeconds` after the last failure; a success clears them.
 */
export interface FailureRule {
  name: string;
  windowSeconds: number;
  /** Failures without any delay. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; doubles with each further failure. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** No more tries at all after this many failures within the window. */
  ceiling?: number;
}

function failureKey(rule: FailureRule, tenantId: string, subject: string): string {
  return rateLimitKey({ name: rule.name, limit: 0, windowSeconds: rule.windowSeconds }, tenantId, subject);
}

/** Seconds until the next try under `rule`, from its counter (0: now). */
function waitFrom(rule: FailureRule, row: { count: number; windowStart: Date; expiresAt: Date; now: Date }): number {
  const failures = Number(row.count);
  const now = row.now.getTime();
  if (rule.ceiling !== undefined && failures >= rule.ceiling)
    return Math.max(1, Math.ceil((row.expiresAt.getTime() - now) / 1000));
  if (failures < rule.freeFailures) return 0;
  const delay = Math.min(rule.baseDelaySeconds * 2 ** (failures - rule.freeFailures), rule.maxDelaySeconds);
  const wait = (row.windowStart.getTime() + delay * 1000 - now) / 1000;
  return wait > 0 ? Math.ceil(wait) : 0;
}

/** Seconds until the next try is allowed under `rule` (0: now), without taking it. */
export async function failureWait(
  database: Database,
  rule: FailureRule,
  tenantId: string,
  subject: string,
): Promise<number> {
  const key = failureKey(rule, tenantId, subject);
  const rows = await database.$queryRaw<{ count: number; windowStart: Date; expiresAt: Date; now: Date }[]>`
    SELECT "count", "windowStart", "expiresAt", now() AS "now" FROM "RateLimitCounter"
    WHERE "key" = ${key} AND "expiresAt" > now()`;
  const row = rows[0];
  return row ? waitFrom(rule, row) : 0;
}

/**
 * Takes one try under `rule` if it is allowed now, counting it as a failure until the caller says
 * otherwise (`clearFailures` after a success, `forgiveAttempt` when it was neither): one atomic upsert,
 * so that many tries at once cannot all pass the check before any is counted. Returns 0 when taken,
 * else the seconds to wait (and nothing is counted).
 */
export async function takeAttempt(
  database: Database,
  rule: FailureRule,
  tenantId: string,
  subject: string,
): Promise<number> {
  const key = failureKey(rule, tenantId, subject);
  const ceiling = rule.ceiling ?? null;
  // Whether the counter as it is (c, not expired) lets one more try through: under the ceiling, and
  // within the free tries or past the delay since the last one.
  const expired = Prisma.sql`c."expiresAt" <= now()`;
  const allowed = Prisma.sql`(${ceiling}::int IS NULL OR c."count" < ${ceiling}::int) AND (
    c."count" < ${rule.freeFailures} OR now() >= c."windowStart" + make_interval(secs => LEAST(
      ${rule.baseDelaySeconds}::float8 * power(2, c."count" - ${rule.freeFailures}), ${rule.maxDelaySeconds})))`;
  const window = Prisma.sql`now() + make_interval(secs => ${rule.windowSeconds})`;
  await database.$executeRaw`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, now(), 0, ${window}) ON CONFLICT ("key") DO NOTHING`;
  // The decision and the count in one UPDATE: a concurrent try waits for the row and re-checks.
  const taken = await database.$queryRaw<{ count: number }[]>`
    UPDATE "RateLimitCounter" AS c SET
      "count" = CASE WHEN ${expired} THEN 1 ELSE c."count" + 1 END,
      "windowStart" = now(),
      "expiresAt" = ${window}
    WHERE c."key" = ${key} AND (${expired} OR ${allowed})
    RETURNING c."count"`;
  if (taken.length > 0) return 0;
  return Math.max(1, await failureWait(database, rule, tenantId, subject));
}

/** Takes back one try taken under `rule` that was neither a success nor a failure. */
export async function forgiveAttempt(
  database: Database,
  rule: FailureRule,
  tenantId: string,
  subject: string,
): Promise<void> {
  const key = failureKey(rule, tenantId, subject);
  await database.$executeRaw`
    UPDATE "RateLimitCounter" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key}`;
}

/** Counts one failure under `rule` (the counter's `windowStart` holds the time of the last one). */
export async function recordFailure(
  database: Database,
  rule: FailureRule,
  tenantId: string,
  subject: string,
): Promise<void> {
  const key = failureKey(rule, tenantId, subject);
  await database.$executeRaw`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, now(), 1, now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitCounter"."expiresAt" <= now() THEN 1 ELSE "RateLimitCounter"."count" + 1 END,
      "windowStart" = now(),
      "expiresAt" = now() + make_interval(secs => ${rule.windowSeconds})`;
}

/** Forgets the failures under `rule` (after a success). */
export async function clearFailures(
  database: Database,
  rule: FailureRule,
  tenantId: string,
  subject: string,
): Promise<void> {
  const key = failureKey(rule, tenantId, subject);
  await database.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "key" = ${key}`;
}
