/**
 * Who needs a passkey after the password (NIST SP 800-63B AAL2; OWASP ASVS level 2 asks multi-factor
 * authentication of administrators): every administrator; everyone when the clinic's `staffSecurity`
 * says so; and anyone who has a passkey (once one exists, the password alone no longer signs in, or
 * the passkey would protect nothing). Read on every request, so a clinic that turns the setting on
 * sends password-only sessions back to the passkey step at once.
 */
import type { Database } from '@/lib/db/client';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import { staffSecuritySchema, type StaffSecurity } from '@/lib/tenancy/tenant-settings';

export function secondFactorRequired(input: {
  role: StaffRole;
  passkeys: number;
  staffSecurity: StaffSecurity;
}): boolean {
  return input.role === 'admin' || input.staffSecurity.passkeysRequiredFor === 'everyone' || input.passkeys > 0;
}

/** A staff user as the per-request session check needs them. */
export interface StaffSignInFacts {
  active: boolean;
  sessionVersion: number;
  role: StaffRole;
  passkeys: number;
  staffSecurity: StaffSecurity;
}

/** The account's state, its passkey count and its clinic's rule, for one session check (null: no such user there). */
export async function staffSignInFacts(
  database: Database,
  input: { tenantId: string; staffUserId: string },
): Promise<StaffSignInFacts | null> {
  const [user, passkeys, tenant] = await Promise.all([
    database.staffUser.findFirst({
      where: { id: input.staffUserId, tenantId: input.tenantId },
      select: { active: true, sessionVersion: true, role: true },
    }),
    database.passkeyCredential.count({ where: { tenantId: input.tenantId, staffUserId: input.staffUserId } }),
    database.tenant.findUnique({ where: { id: input.tenantId }, select: { staffSecurity: true } }),
  ]);
  if (!user || !tenant) return null;
  return { ...user, passkeys, staffSecurity: staffSecuritySchema.parse(tenant.staffSecurity) };
}
