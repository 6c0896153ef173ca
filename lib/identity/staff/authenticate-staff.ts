import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { decoyPasswordHash, verifyPassword } from '@/lib/security/password';
import {
  clearFailures,
  consumeRateLimit,
  forgiveAttempt,
  takeAttempt,
  type FailureRule,
  type RateLimitRule,
} from '@/lib/security/rate-limit';
import { staffEmailSchema, type StaffIdentity } from './staff-user';

/**
 * Wrong passwords per account and source: five free, then 30 s doubling up to 15 minutes (NIST SP
 * 800-63B 5.2.2: delays, not lockouts), so a guesser slows themselves down and the clerk at the desk
 * signs in as usual.
 */
export const STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE: FailureRule = {
  name: 'staff-fail:account+source',
  windowSeconds: 24 * 3600,
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
};
/** ...and per account from anywhere: NIST's ceiling of 100 failures a day. */
export const STAFF_FAILURES_PER_ACCOUNT: FailureRule = {
  name: 'staff-fail:account',
  windowSeconds: 24 * 3600,
  freeFailures: 100,
  baseDelaySeconds: 0,
  maxDelaySeconds: 0,
  ceiling: 100,
};
export const STAFF_LOGIN_PER_IP: RateLimitRule = { name: 'staff-login:ip', limit: 50, windowSeconds: 15 * 60 };

export interface StaffLoginInput {
  tenantId: string;
  email: string;
  password: string;
  origin: RequestOrigin;
}

/**
 * Checks a staff email and password for one clinic. Returns the identity, or null for any wrong
 * combination (the same answer whether the email exists or not, with the same scrypt cost).
 * Throws `rate_limited` while failures from this source ask to wait (or the account's ceiling is
 * reached), or after too many attempts from one IP. Every attempt is audited.
 */
export async function authenticateStaff(database: Database, input: StaffLoginInput): Promise<StaffIdentity | null> {
  const email = staffEmailSchema.safeParse(input.email);
  const subject = email.success ? email.data : input.email.trim().toLowerCase();
  const source = input.origin.ip ?? 'unknown';
  const bySource = `${subject}|${source}`;
  // Each try is counted as a failure when it is taken (atomically: tries sent at once cannot all pass).
  const [sourceWait, accountWait, perIp] = await Promise.all([
    takeAttempt(database, STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE, input.tenantId, bySource),
    takeAttempt(database, STAFF_FAILURES_PER_ACCOUNT, input.tenantId, subject),
    consumeRateLimit(database, STAFF_LOGIN_PER_IP, input.tenantId, source),
  ]);
  const wait = Math.max(sourceWait, accountWait, perIp.allowed ? 0 : perIp.retryAfterSeconds);
  if (wait > 0) {
    // Refused: the tries taken under the other counters are given back.
    await Promise.all([
      sourceWait === 0 && forgiveAttempt(database, STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE, input.tenantId, bySource),
      accountWait === 0 && forgiveAttempt(database, STAFF_FAILURES_PER_ACCOUNT, input.tenantId, subject),
    ]);
    await recordAudit(database, {
      tenantId: input.tenantId,
      actor: { type: 'anonymous' },
      action: 'staff.login',
      outcome: 'denied',
      origin: input.origin,
      detail: { reason: 'rate_limited' },
    });
    throw new AppError('rate_limited', 'staff.tooManySignIns', {
      retryAfterSeconds: wait,
    });
  }

  const row = email.success
    ? await database.staffUser.findUnique({
        where: { tenantId_email: { tenantId: input.tenantId, email: email.data } },
      })
    : null;
  const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? (await decoyPasswordHash()));
  if (!row || !row.active || !passwordOk) {
    await recordAudit(database, {
      tenantId: input.tenantId,
      actor: row ? { type: 'staff', id: row.id, role: row.role } : { type: 'anonymous' },
      action: 'staff.login',
      outcome: 'failure',
      origin: input.origin,
      detail: { reason: !row ? 'unknown_account' : !row.active ? 'inactive' : 'wrong_password' },
    });
    return null;
  }
  await Promise.all([
    clearFailures(database, STAFF_FAILURES_PER_ACCOUNT_AND_SOURCE, input.tenantId, bySource),
    forgiveAttempt(database, STAFF_FAILURES_PER_ACCOUNT, input.tenantId, subject),
  ]);
  await recordAudit(database, {
    tenantId: input.tenantId,
    actor: { type: 'staff', id: row.id, role: row.role },
    action: 'staff.login',
    outcome: 'success',
    origin: input.origin,
  });
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    locationIds: row.locationIds,
    sessionVersion: row.sessionVersion,
  };
}

/** Ends every session of a staff user at once (their sessions carry the old version). */
export async function revokeStaffSessions(database: Database, staffUserId: string): Promise<void> {
  await database.staffUser.update({ where: { id: staffUserId }, data: { sessionVersion: { increment: 1 } } });
}
