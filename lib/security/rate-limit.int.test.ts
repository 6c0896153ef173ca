/**
 * Failure counters under concurrency, against PostgreSQL: a try is counted when it is taken, in one
 * atomic statement, so that guesses sent all at once get no more free tries than guesses sent one by one.
 */
import { describe, expect, it } from 'vitest';
import { testDatabase } from '@/lib/testing/database';
import { STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE } from '@/lib/identity/staff/authenticate-staff';
import { clearFailures, failureWait, forgiveAttempt, rateLimitKey, takeAttempt, type FailureRule } from './rate-limit';

const database = testDatabase();
const rule: FailureRule = {
  name: 'test:guesses',
  windowSeconds: 600,
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 600,
};
const tenantId = crypto.randomUUID();

/** Moves a failure counter's clock back by `seconds` (as if that long had passed since the last failure). */
async function age(rule: FailureRule, subject: string, seconds: number): Promise<void> {
  const key = rateLimitKey({ name: rule.name, limit: 0, windowSeconds: rule.windowSeconds }, tenantId, subject);
  await database.$executeRaw`
    UPDATE "RateLimitCounter" SET "windowStart" = "windowStart" - make_interval(secs => ${seconds})
    WHERE "key" = ${key}`;
}

describe('failure counters', () => {
  it('double the wait with each failure past the free ones, up to the cap (the staff password rule)', async () => {
    const staff = STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE;
    const subject = `doubling-${crypto.randomUUID()}`;
    for (let free = 0; free < staff.freeFailures; free += 1)
      expect(await takeAttempt(database, staff, tenantId, subject)).toBe(0);
    // 30 s, 60 s, 120 s, ... each wait twice the one before, until the 15-minute cap holds.
    const waits: number[] = [];
    for (let failure = 0; failure < 7; failure += 1) {
      const wait = await failureWait(database, staff, tenantId, subject);
      waits.push(wait);
      // A second before the wait is over the try is refused (and not counted); once it is over, it is taken.
      await age(staff, subject, wait - 1);
      expect(await takeAttempt(database, staff, tenantId, subject)).toBe(1);
      await age(staff, subject, 1);
      expect(await takeAttempt(database, staff, tenantId, subject)).toBe(0);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
    // The failures past the free ones all counted: the next wait is still the cap, never a lockout.
    expect(await failureWait(database, staff, tenantId, subject)).toBe(staff.maxDelaySeconds);
  });

  it('twenty guesses sent at once get the five free tries, not twenty', async () => {
    const subject = `race-${crypto.randomUUID()}`;
    const waits = await Promise.all(Array.from({ length: 20 }, () => takeAttempt(database, rule, tenantId, subject)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(waits.filter((wait) => wait > 0).every((wait) => wait >= 29 && wait <= 30)).toBe(true);
    expect(await failureWait(database, rule, tenantId, subject)).toBeGreaterThan(0);
  });

  it('a try given back (neither success nor failure) and a success leave the caller as before', async () => {
    const subject = `settle-${crypto.randomUUID()}`;
    for (let index = 0; index < 5; index += 1) expect(await takeAttempt(database, rule, tenantId, subject)).toBe(0);
    await forgiveAttempt(database, rule, tenantId, subject);
    expect(await takeAttempt(database, rule, tenantId, subject)).toBe(0);
    expect(await takeAttempt(database, rule, tenantId, subject)).toBeGreaterThan(0);
    await clearFailures(database, rule, tenantId, subject);
    expect(await takeAttempt(database, rule, tenantId, subject)).toBe(0);
  });

  it('a hard ceiling holds however the tries are spread', async () => {
    const subject = `ceiling-${crypto.randomUUID()}`;
    const ceiled: FailureRule = { ...rule, name: 'test:ceiling', freeFailures: 100, ceiling: 3 };
    const waits = await Promise.all(Array.from({ length: 8 }, () => takeAttempt(database, ceiled, tenantId, subject)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
  });
});
