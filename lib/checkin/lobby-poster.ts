/**
 * Lobby check-in posters: a QR code per location whose link is signed (HMAC-SHA256 with the location's
 * current key) and expires. Opened by a signed-in patient, it checks in their appointments at that
 * location without geolocation. An administrator rotates the key to void printed posters.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '@/lib/db/client';

export const POSTER_VALIDITY_DAYS = 365;

export interface PosterLink {
  locationId: string;
  keyId: string;
  /** Epoch seconds. */
  expires: number;
  signature: string;
}

function sign(secret: string, tenantId: string, locationId: string, keyId: string, expires: number): string {
  return createHmac('sha256', Buffer.from(secret, 'base64url'))
    .update(`lobby-checkin\u0000${tenantId}\u0000${locationId}\u0000${keyId}\u0000${expires}`)
    .digest('base64url');
}

async function currentKey(
  database: Database,
  tenantId: string,
  locationId: string,
): Promise<{ id: string; secret: string }> {
  const existing = await database.lobbyPosterKey.findFirst({
    where: { tenantId, locationId, retiredAt: null },
    orderBy: { createdAt: 'desc' },
  });
  return (
    existing ??
    database.lobbyPosterKey.create({ data: { tenantId, locationId, secret: randomBytes(32).toString('base64url') } })
  );
}

/** The signed poster link parameters for a location (creating its first key if needed). */
export async function signPosterLink(
  database: Database,
  options: { tenantId: string; locationId: string; now?: Date },
): Promise<PosterLink> {
  const key = await currentKey(database, options.tenantId, options.locationId);
  const expires = Math.floor((options.now ?? new Date()).getTime() / 1000) + POSTER_VALIDITY_DAYS * 86_400;
  return {
    locationId: options.locationId,
    keyId: key.id,
    expires,
    signature: sign(key.secret, options.tenantId, options.locationId, key.id, expires),
  };
}

export function posterUrl(appBaseUrl: string, tenantSlug: string, link: PosterLink): string {
  const query = new URLSearchParams({ k: link.keyId, e: String(link.expires), s: link.signature });
  return `${appBaseUrl}/${tenantSlug}/arrive/${encodeURIComponent(link.locationId)}?${query.toString()}`;
}

export type PosterCheck = { status: 'valid'; locationId: string } | { status: 'invalid' | 'expired' | 'rotated' };

/** Verifies a poster link for a clinic. A link signed for another location or clinic is invalid. */
export async function verifyPosterLink(
  database: Database,
  options: { tenantId: string; link: PosterLink; now?: Date },
): Promise<PosterCheck> {
  const { link } = options;
  if (!/^[0-9a-f-]{36}$/.test(link.keyId) || !Number.isSafeInteger(link.expires)) return { status: 'invalid' };
  const key = await database.lobbyPosterKey.findUnique({ where: { id: link.keyId } });
  if (!key || key.tenantId !== options.tenantId || key.locationId !== link.locationId) return { status: 'invalid' };
  const expected = Buffer.from(sign(key.secret, options.tenantId, link.locationId, key.id, link.expires));
  const actual = Buffer.from(link.signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { status: 'invalid' };
  if (key.retiredAt) return { status: 'rotated' };
  if (link.expires * 1000 < (options.now ?? new Date()).getTime()) return { status: 'expired' };
  return { status: 'valid', locationId: link.locationId };
}

/** Retires the location's key (voiding its posters) and makes a new one. */
export async function rotatePosterKey(
  database: Database,
  options: { tenantId: string; locationId: string; now?: Date },
): Promise<void> {
  await database.$transaction([
    database.lobbyPosterKey.updateMany({
      where: { tenantId: options.tenantId, locationId: options.locationId, retiredAt: null },
      data: { retiredAt: options.now ?? new Date() },
    }),
    database.lobbyPosterKey.create({
      data: {
        tenantId: options.tenantId,
        locationId: options.locationId,
        secret: randomBytes(32).toString('base64url'),
      },
    }),
  ]);
}
