/**
 * Signing out, on the server: the account's session version moves on, so the cookie that signed out
 * (and any copy of it) is refused from then on, as "log out everywhere" does. Sessions are stateless
 * cookies, so ending this one ends the account's others too; the sign-out says so. A cookie that was
 * already revoked changes nothing (it cannot sign newer sessions out). Audited.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { SessionClaims } from './session-claims';

export async function signOutSession(database: Database, claims: SessionClaims): Promise<void> {
  const where = { id: claims.accountId, tenantId: claims.tenantId, sessionVersion: claims.sessionVersion };
  const data = { sessionVersion: { increment: 1 } };
  const ended =
    claims.kind === 'patient'
      ? await database.patientAccount.updateMany({ where, data })
      : await database.staffUser.updateMany({ where, data });
  if (ended.count === 0) return;
  await recordAudit(database, {
    tenantId: claims.tenantId,
    actor:
      claims.kind === 'patient'
        ? { type: 'patient', id: claims.accountId }
        : { type: 'staff', id: claims.accountId, role: claims.role },
    action: claims.kind === 'patient' ? 'patient.logout' : 'staff.logout',
    outcome: 'success',
    ...(claims.kind === 'patient' ? { patientId: claims.patientId } : {}),
  });
}
