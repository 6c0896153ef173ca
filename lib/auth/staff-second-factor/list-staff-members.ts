/** The clinic's staff as an administrator's team page lists them: role, passkeys, whether a code is waiting. */
import type { Database } from '@/lib/db/client';
import type { StaffRole } from '@/lib/identity/staff/staff-user';

export interface StaffMemberSummary {
  id: string;
  displayName: string;
  email: string;
  role: StaffRole;
  active: boolean;
  passkeys: number;
  lastPasskeyUse: string | null;
  /** An unused, unexpired enrolment code is waiting for them. */
  codeWaiting: boolean;
}

export async function listStaffMembers(
  database: Database,
  input: { tenantId: string; now?: Date },
): Promise<StaffMemberSummary[]> {
  const now = input.now ?? new Date();
  const [users, passkeys, codes] = await Promise.all([
    database.staffUser.findMany({
      where: { tenantId: input.tenantId },
      orderBy: { displayName: 'asc' },
      select: { id: true, displayName: true, email: true, role: true, active: true },
    }),
    database.passkeyCredential.findMany({
      where: { tenantId: input.tenantId, staffUserId: { not: null } },
      select: { staffUserId: true, lastUsedAt: true },
    }),
    database.staffEnrolmentCode.findMany({
      where: { tenantId: input.tenantId, usedAt: null, expiresAt: { gt: now } },
      select: { staffUserId: true },
    }),
  ]);
  const waiting = new Set(codes.map((code) => code.staffUserId));
  return users.map((user) => {
    const own = passkeys.filter((passkey) => passkey.staffUserId === user.id);
    const lastUse = own
      .map((passkey) => passkey.lastUsedAt?.getTime() ?? 0)
      .reduce((latest, time) => Math.max(latest, time), 0);
    return {
      ...user,
      passkeys: own.length,
      lastPasskeyUse: lastUse > 0 ? new Date(lastUse).toISOString() : null,
      codeWaiting: waiting.has(user.id),
    };
  });
}
