import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { decoyPasswordHash, verifyPassword } from '@/lib/security/password';
import { consumeRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { staffEmailSchema, type StaffIdentity } from './staff-user';

export const STAFF_LOGIN_PER_ACCOUNT: RateLimitRule = {
  name: 'staff-login:account',
  limit: 10,
  windowSeconds: 15 * 60,
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
 * Throws `rate_limited` after too many attempts per account or per IP. Every attempt is audited.
 */
export async function authenticateStaff(database: Database, input: StaffLoginInput): Promise<StaffIdentity | null> {
  const email = staffEmailSchema.safeParse(input.email);
  const subject = email.success ? email.data : input.email.trim().toLowerCase();
  const [perAccount, perIp] = await Promise.all([
    consumeRateLimit(database, STAFF_LOGIN_PER_ACCOUNT, input.tenantId, subject),
    consumeRateLimit(database, STAFF_LOGIN_PER_IP, input.tenantId, input.origin.ip ?? 'unknown'),
  ]);
  if (!perAccount.allowed || !perIp.allowed) {
    await recordAudit(database, {
      tenantId: input.tenantId,
      actor: { type: 'anonymous' },
      action: 'staff.login',
      outcome: 'denied',
      origin: input.origin,
      detail: { reason: 'rate_limited' },
    });
    throw new AppError('rate_limited', 'staff.tooManySignIns', {
      retryAfterSeconds: Math.max(perAccount.retryAfterSeconds, perIp.retryAfterSeconds),
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

/** The current session version and status of a staff user, for per-request session checks. */
export async function getStaffSessionState(
  database: Database,
  staffUserId: string,
): Promise<{ sessionVersion: number; active: boolean } | null> {
  return database.staffUser.findUnique({ where: { id: staffUserId }, select: { sessionVersion: true, active: true } });
}
