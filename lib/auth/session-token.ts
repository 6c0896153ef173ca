/**
 * Reading a session cookie: next-auth's JWE (a key derived from the secret by HKDF, then A256GCM).
 * Deriving and decrypting cost about half a millisecond of CPU, and one request reads its cookie up
 * to three times (idle renewal in proxy.ts, the session check, the language), as do the many requests
 * of one signed-in person. So a decoded cookie is remembered by its exact value, for this process and
 * only until the token's own expiry; a remembered cookie is still refused once it expires, a different
 * secret never reads it, and what it says is checked as before (clinic, absolute lifetime, session
 * version against the database on every request). Cookies that do not decode are not remembered.
 */
import { decode, type JWT } from 'next-auth/jwt';

/** next-auth decodes with this clock tolerance; a remembered cookie expires the same way. */
const CLOCK_TOLERANCE_MS = 15_000;
/** Bounds the memory: the oldest cookie read is forgotten first. */
const MAX_REMEMBERED = 5_000;

interface Remembered {
  secret: string;
  payload: JWT;
  /** ms since the epoch after which the cookie no longer decodes. */
  expiresAt: number;
}

const remembered = new Map<string, Remembered>();

/** The session cookie's payload, or null (nothing, expired, tampered, another secret's). Same as next-auth's decode. */
export async function decodeSessionToken(
  params: { token?: string | undefined; secret: string | Buffer },
  now: number = Date.now(),
): Promise<JWT | null> {
  const { token } = params;
  if (!token) return null;
  const secret = params.secret.toString();
  const known = remembered.get(token);
  if (known && known.secret === secret) {
    if (now <= known.expiresAt) return known.payload;
    remembered.delete(token);
    return null;
  }
  const payload = await decode({ token, secret });
  if (!payload) return null;
  const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 + CLOCK_TOLERANCE_MS : now;
  if (remembered.size >= MAX_REMEMBERED) {
    const oldest = remembered.keys().next().value;
    if (oldest !== undefined) remembered.delete(oldest);
  }
  remembered.set(token, { secret, payload, expiresAt });
  return payload;
}
