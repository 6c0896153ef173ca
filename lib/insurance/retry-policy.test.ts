import { describe, expect, it } from 'vitest';
import { nextRetryAt, RETRY_DELAYS_MINUTES } from './retry-policy';

const now = new Date('2026-11-25T00:00:00Z');
const minutesAfter = (date: Date | null): number | null => (date ? (date.getTime() - now.getTime()) / 60_000 : null);

describe('retrying unanswered eligibility checks', () => {
  it('backs off exponentially (with at most 20% jitter) and stops after the last delay', () => {
    RETRY_DELAYS_MINUTES.forEach((minutes, index) => {
      expect(minutesAfter(nextRetryAt('timeout', index + 1, now, () => 0))).toBe(minutes);
      expect(minutesAfter(nextRetryAt('unavailable', index + 1, now, () => 1))).toBeCloseTo(minutes * 1.2);
    });
    expect(nextRetryAt('malformed', RETRY_DELAYS_MINUTES.length + 1, now)).toBeNull();
  });

  it('tries a payer rejection once more, and never retries what cannot change by itself', () => {
    expect(minutesAfter(nextRetryAt('rejected', 1, now, () => 0))).toBe(120);
    expect(nextRetryAt('rejected', 2, now)).toBeNull();
    expect(nextRetryAt('not_configured', 1, now)).toBeNull();
    expect(nextRetryAt('no_coverage', 1, now)).toBeNull();
  });
});
