/**
 * Limits on the steps after the password (a passkey's assertion, an enrolment code), as for the
 * password itself (lib/identity/staff/authenticate-staff.ts): per account and source five free
 * failures, then 30 s doubling up to 15 minutes; per account from anywhere a ceiling of 100 a day.
 * Counted in PostgreSQL when a try is taken, so tries sent at once get no more free ones.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { clearFailures, forgiveAttempt, takeAttempt, type FailureRule } from '@/lib/security/rate-limit';

export const SECOND_FACTOR_FAILURES_PER_ACCOUNT_AND_SOURCE: FailureRule = {
  name: 'staff-2fa-fail:account+source',
  windowSeconds: 24 * 3600,
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
};

export const SECOND_FACTOR_FAILURES_PER_ACCOUNT: FailureRule = {
  name: 'staff-2fa-fail:account',
  windowSeconds: 24 * 3600,
  freeFailures: 100,
  baseDelaySeconds: 0,
  maxDelaySeconds: 0,
  ceiling: 100,
};

export interface SecondFactorAttempt {
  /** The try succeeded: the account's failures from this source are forgotten. */
  succeeded(): Promise<void>;
  /** The try was neither (e.g. the browser sent nothing to check): it is given back. */
  forgive(): Promise<void>;
}

/**
 * Takes one try for the account from this source, or throws `rate_limited` (audited as `action`
 * denied) while it has to wait. A try not reported as succeeded or forgiven counts as a failure.
 */
export async function takeSecondFactorAttempt(
  database: Database,
  input: { tenantId: string; staffUserId: string; role: string; origin: RequestOrigin; action: string },
): Promise<SecondFactorAttempt> {
  const bySource = `${input.staffUserId}|${input.origin.ip ?? 'unknown'}`;
  const [sourceWait, accountWait] = await Promise.all([
    takeAttempt(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT_AND_SOURCE, input.tenantId, bySource),
    takeAttempt(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT, input.tenantId, input.staffUserId),
  ]);
  if (sourceWait > 0 || accountWait > 0) {
    await Promise.all([
      sourceWait === 0 &&
        forgiveAttempt(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT_AND_SOURCE, input.tenantId, bySource),
      accountWait === 0 &&
        forgiveAttempt(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT, input.tenantId, input.staffUserId),
    ]);
    await recordAudit(database, {
      tenantId: input.tenantId,
      actor: { type: 'staff', id: input.staffUserId, role: input.role },
      action: input.action,
      outcome: 'denied',
      origin: input.origin,
      detail: { reason: 'rate_limited' },
    });
    throw new AppError('rate_limited', 'staff.tooManySignIns', {
      retryAfterSeconds: Math.max(sourceWait, accountWait),
    });
  }
  return {
    async succeeded() {
      await Promise.all([
        clearFailures(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT_AND_SOURCE, input.tenantId, bySource),
        forgiveAttempt(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT, input.tenantId, input.staffUserId),
      ]);
    },
    async forgive() {
      await Promise.all([
        forgiveAttempt(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT_AND_SOURCE, input.tenantId, bySource),
        forgiveAttempt(database, SECOND_FACTOR_FAILURES_PER_ACCOUNT, input.tenantId, input.staffUserId),
      ]);
    },
  };
}
