/** A new quick-login QR code for the patient; the old one stops working at once. Audited. */
import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { issueQrLoginToken, qrLoginLink } from './qr-login-token';
import { qrCodeImage, type PatientActorRef, type QrCodeImage } from './qr-code-image';

/** A new QR code, valid `qrLoginDays` (default a year); any earlier one stops working. */
export async function reissueQrCode(
  deps: { database: Database; appBaseUrl: string; qrLoginDays?: number | undefined },
  actor: PatientActorRef & { reason?: 'registration' | 'profile' },
): Promise<QrCodeImage> {
  const issued = await issueQrLoginToken(deps.database, {
    tenantId: actor.tenant.id,
    patientAccountId: actor.accountId,
    ...(deps.qrLoginDays ? { ttlDays: deps.qrLoginDays } : {}),
  });
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'qr.issued',
    outcome: 'success',
    patientId: actor.patientId,
    origin: actor.origin,
    detail: { via: actor.reason ?? 'profile' },
  });
  return qrCodeImage(qrLoginLink(deps.appBaseUrl, actor.tenant.slug, issued.token), issued.expiresAt);
}
