import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { renewedSessionToken } from './renew-session';

const secret = 'a-test-secret-of-at-least-thirty-two-characters';
const options = { secret, idleMinutes: 30, absoluteHours: 12 };

async function cookieSignedInAt(authTime: number): Promise<string> {
  const claims = {
    kind: 'staff',
    accountId: 'staff-1',
    tenantId: 't-1',
    tenantSlug: 'demo',
    role: 'front_desk',
    displayName: 'Dana',
    locationIds: [],
    sessionVersion: 0,
    authTime,
  };
  return encode({ token: { claims }, secret, maxAge: 30 * 60 });
}

describe('sliding session renewal', () => {
  it('re-issues a cookie 20 minutes into a session with a fresh 30-minute idle expiry, same claims', async () => {
    const signedIn = Math.floor(Date.now() / 1000);
    const cookie = await cookieSignedInAt(signedIn);
    expect(await renewedSessionToken(cookie, options)).toBeNull(); // just issued: nothing to renew yet
    const later = new Date((signedIn + 20 * 60) * 1000);
    const renewed = await renewedSessionToken(cookie, { ...options, now: later });
    expect(renewed?.maxAgeSeconds).toBe(30 * 60);
    const token = await decode({ token: renewed?.value ?? '', secret });
    expect(token?.claims).toMatchObject({ accountId: 'staff-1', authTime: signedIn });
  });

  it('never extends a session past its absolute limit', async () => {
    const signedIn = Math.floor(Date.now() / 1000) - (12 * 3600 - 10 * 60);
    const cookie = await cookieSignedInAt(signedIn);
    const renewed = await renewedSessionToken(cookie, { ...options, now: new Date(Date.now() + 2 * 60_000) });
    expect(renewed?.maxAgeSeconds).toBeLessThanOrEqual(8 * 60);
    expect(await renewedSessionToken(cookie, { ...options, now: new Date((signedIn + 12 * 3600) * 1000) })).toBeNull();
  });

  it('renews nothing it cannot read', async () => {
    expect(await renewedSessionToken('not-a-cookie', options)).toBeNull();
  });
});
