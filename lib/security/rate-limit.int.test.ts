/**
 * Failure counters under concurrency, against PostgreSQL: a try is counted when it is taken, in one
 * atomic statement, so that guesses sent all at once get no more free tries than guesses sent one by one.
 */
import { describe, expect, it } from 'vitest';
import { testDatabase } from '@/lib/testing/database';
import { clearFailures, failureWait, forgiveAttempt, takeAttempt, type FailureRule } from './rate-limit';

const database = testDatabase();
const rule: FailureRule = {
  name: 'test:guesses',
  windowSeconds: 600,
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 600,
};
const tenantId = crypto.randomUUID();

describe('failure counters', () => {
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
