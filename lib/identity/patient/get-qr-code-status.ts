/** Whether the patient has an active quick-login QR code, and until when. */
import type { Database } from '@/lib/db/client';
import { type QrCodeStatus } from './qr-code-image';

export async function getQrCodeStatus(
  database: Database,
  input: { tenantId: string; accountId: string; now?: Date },
): Promise<QrCodeStatus> {
  const row = await database.qrLoginToken.findFirst({
    where: {
      tenantId: input.tenantId,
      patientAccountId: input.accountId,
      revokedAt: null,
      expiresAt: { gt: input.now ?? new Date() },
    },
    orderBy: { createdAt: 'desc' },
  });
  return {
    active: row !== null,
    issuedAt: row?.createdAt.toISOString() ?? null,
    expiresAt: row?.expiresAt.toISOString() ?? null,
    lastUsedAt: row?.lastUsedAt?.toISOString() ?? null,
  };
}
