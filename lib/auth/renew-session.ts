/**
 * The sliding idle timeout: a request that carries a live session cookie gets it back re-issued with
 * a fresh idle expiry (SESSION_IDLE_MINUTES from now), at most once a minute, never past the absolute
 * limit (SESSION_ABSOLUTE_HOURS after sign-in, which no activity extends). proxy.ts calls it for
 * every page and API request, so a front-desk board that keeps polling stays signed in, and a phone
 * left alone is signed out after the idle time. Revocation is unaffected: a renewed cookie of a
 * revoked session is still refused by lib/auth/get-session.ts.
 */
import { encode } from 'next-auth/jwt';
import { decodeSessionToken } from './session-token';
import { sessionClaimsSchema } from './session-claims';

/** next-auth's session cookie, over https and over plain http. */
export const SESSION_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/** A cookie is re-issued at most this often. */
export const RENEW_AFTER_SECONDS = 60;

export interface RenewOptions {
  secret: string;
  idleMinutes: number;
  absoluteHours: number;
  now?: Date;
}

/** The cookie's value with a fresh idle expiry and its max-age, or null when there is nothing to renew. */
export async function renewedSessionToken(
  value: string,
  options: RenewOptions,
): Promise<{ value: string; maxAgeSeconds: number } | null> {
  const token = await decodeSessionToken({ token: value, secret: options.secret }).catch(() => null);
  const claims = sessionClaimsSchema.safeParse(token?.claims);
  if (!token || !claims.success) return null;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const absoluteEnd = claims.data.authTime + options.absoluteHours * 3600;
  const issuedAt = typeof token.iat === 'number' ? token.iat : 0;
  if (now >= absoluteEnd || now - issuedAt < RENEW_AFTER_SECONDS) return null;
  const maxAgeSeconds = Math.min(options.idleMinutes * 60, absoluteEnd - now);
  const { iat: _iat, exp: _exp, jti: _jti, ...payload } = token;
  return { value: await encode({ token: payload, secret: options.secret, maxAge: maxAgeSeconds }), maxAgeSeconds };
}
