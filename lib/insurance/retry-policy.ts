/**
 * When an unanswered eligibility check is tried again: capped exponential backoff with jitter for
 * failures that may pass (timeout, payer or clearinghouse down, garbage), one later try for a payer's
 * rejection (the payer may have been mid-update), none when nothing can change without new input.
 */
import type { UnknownReason } from './eligibility-provider';

/** Minutes before retry n (1-based); after the last one the result stays unknown until the next trigger. */
export const RETRY_DELAYS_MINUTES = [5, 30, 120, 480] as const;

export function nextRetryAt(
  reason: UnknownReason,
  attempts: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  switch (reason) {
    case 'timeout':
    case 'unavailable':
    case 'malformed': {
      const minutes = RETRY_DELAYS_MINUTES[attempts - 1];
      if (minutes === undefined) return null;
      return new Date(now.getTime() + minutes * 60_000 * (1 + random() * 0.2));
    }
    case 'rejected':
      return attempts === 1 ? new Date(now.getTime() + 120 * 60_000 * (1 + random() * 0.2)) : null;
    case 'not_configured':
    case 'no_coverage':
      return null;
  }
}
