/**
 * Quick-login QR tokens: 256 random bits in a link, stored only as SHA-256, expiring, revocable.
 * Re-issuing revokes the previous token; revoking also ends every session of the account (the sessions
 * it opened included).
 */
import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Database } from '@/lib/db/client';

export const DEFAULT_QR_TOKEN_DAYS = 365;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface IssuedQrToken {
  token: string;
  expiresAt: Date;
}

/** Revokes any active token of the account and issues a new one. */
export async function issueQrLoginToken(
  database: Database,
  options: { tenantId: string; patientAccountId: string; ttlDays?: number; now?: Date },
): Promise<IssuedQrToken> {
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + (options.ttlDays ?? DEFAULT_QR_TOKEN_DAYS) * 86_400_000);
  await database.$transaction([
    database.qrLoginToken.updateMany({
      where: { tenantId: options.tenantId, patientAccountId: options.patientAccountId, revokedAt: null },
      data: { revokedAt: now },
    }),
    database.qrLoginToken.create({
      data: {
        tenantId: options.tenantId,
        patientAccountId: options.patientAccountId,
        tokenHash: hashToken(token),
        expiresAt,
      },
    }),
  ]);
  return { token, expiresAt };
}

/** Revokes every token of the account and ends the sessions they opened (session version bump). */
export async function revokeQrLoginTokens(
  database: Database,
  options: { tenantId: string; patientAccountId: string; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date();
  const [revoked] = await database.$transaction([
    database.qrLoginToken.updateMany({
      where: { tenantId: options.tenantId, patientAccountId: options.patientAccountId, revokedAt: null },
      data: { revokedAt: now },
    }),
    database.patientAccount.update({
      where: { id: options.patientAccountId },
      data: { sessionVersion: { increment: 1 } },
    }),
  ]);
  return revoked.count;
}

export type QrTokenCheck =
  { status: 'valid'; patientAccountId: string; providerPatientId: string } | { status: 'invalid' };

/** Looks a token up for a clinic; unknown, expired, revoked and other clinics' tokens are all just invalid. */
export async function resolveQrLoginToken(
  database: Database,
  options: { tenantId: string; token: string; now?: Date },
): Promise<QrTokenCheck> {
  const now = options.now ?? new Date();
  if (!/^[\w-]{43}$/.test(options.token)) return { status: 'invalid' };
  const row = await database.qrLoginToken.findUnique({ where: { tokenHash: hashToken(options.token) } });
  if (!row || row.tenantId !== options.tenantId || row.revokedAt || row.expiresAt <= now) return { status: 'invalid' };
  const account = await database.patientAccount.findUnique({ where: { id: row.patientAccountId } });
  if (!account) return { status: 'invalid' };
  return { status: 'valid', patientAccountId: account.id, providerPatientId: account.providerPatientId };
}

export async function markQrTokenUsed(database: Database, token: string, now = new Date()): Promise<void> {
  await database.qrLoginToken.updateMany({ where: { tokenHash: hashToken(token) }, data: { lastUsedAt: now } });
}

/** The QR login link as an SVG (for pages) or PNG (for email attachments and printing). */
export async function renderQrCode(link: string, format: 'svg' | 'png'): Promise<string | Buffer> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2, width: 320 };
  return format === 'svg'
    ? QRCode.toString(link, { ...options, type: 'svg' })
    : QRCode.toBuffer(link, { ...options, type: 'png' });
}

export function qrLoginLink(appBaseUrl: string, tenantSlug: string, token: string): string {
  // The token travels in the fragment, which browsers never send to servers or put in logs.
  return `${appBaseUrl}/${tenantSlug}/qr#${token}`;
}
