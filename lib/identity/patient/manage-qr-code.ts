/**
 * The patient's quick-login QR code, from their profile: see whether one is active, get a new one
 * (the old one stops working at once) and turn it off (which also ends every session, including those
 * the code opened). The code itself is shown only when it is made: only its hash is kept. Audited.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { Tenant } from '@/lib/tenancy/tenant';
import { issueQrLoginToken, qrLoginLink, renderQrCode, revokeQrLoginTokens } from './qr-login-token';

export interface QrCodeImage {
  /** The login link (the token is in its fragment); shown to the patient only, never logged. */
  link: string;
  svg: string;
  /** The same code as a PNG data URL, to save or print. */
  pngDataUrl: string;
  expiresAt: string;
}

export interface QrCodeStatus {
  active: boolean;
  issuedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface PatientActorRef {
  tenant: Tenant;
  accountId: string;
  patientId: string;
  origin: RequestOrigin;
}

/** The QR code (SVG and PNG) for a login link. */
export async function qrCodeImage(link: string, expiresAt: Date): Promise<QrCodeImage> {
  const [svg, png] = await Promise.all([renderQrCode(link, 'svg'), renderQrCode(link, 'png')]);
  return {
    link,
    svg: String(svg),
    pngDataUrl: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
    expiresAt: expiresAt.toISOString(),
  };
}

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
