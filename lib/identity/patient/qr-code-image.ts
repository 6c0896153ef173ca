/**
 * The patient's quick-login QR code: what the profile shows of it and the image made when one is
 * issued. The code itself is shown only when it is made: only its hash is kept.
 */
import { type RequestOrigin } from '@/lib/audit/record-audit';
import type { Tenant } from '@/lib/tenancy/tenant';
import { renderQrCode } from './qr-login-token';

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
