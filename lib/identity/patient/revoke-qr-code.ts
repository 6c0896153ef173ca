/** Turns the quick-login QR code off, which also ends every session of the account. Audited. */
import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { revokeQrLoginTokens } from './qr-login-token';
import { type PatientActorRef } from './qr-code-image';

/** Turns the QR code off and ends every session of the account (those it opened included). */
export async function revokeQrCode(deps: { database: Database }, actor: PatientActorRef): Promise<{ revoked: number }> {
  const revoked = await revokeQrLoginTokens(deps.database, {
    tenantId: actor.tenant.id,
    patientAccountId: actor.accountId,
  });
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'qr.revoked',
    outcome: 'success',
    patientId: actor.patientId,
    origin: actor.origin,
    detail: { revoked },
  });
  return { revoked };
}
