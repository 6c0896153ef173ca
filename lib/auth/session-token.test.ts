import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decodeSessionToken } from './session-token';

const secret = 'a-test-secret-of-at-least-thirty-two-characters';
const claims = { kind: 'patient', accountId: 'account-1', patientId: 'patient-1', authTime: 1 };

describe('reading a session cookie', () => {
  it('reads what next-auth reads, and the same again when the cookie comes back', async () => {
    const cookie = await encode({ token: { claims }, secret, maxAge: 30 * 60 });
    const first = await decodeSessionToken({ token: cookie, secret });
    expect(first).toEqual(await decode({ token: cookie, secret }));
    expect(first?.claims).toEqual(claims);
    expect(await decodeSessionToken({ token: cookie, secret })).toEqual(first);
  });

  it('refuses a remembered cookie once it has expired', async () => {
    const cookie = await encode({ token: { claims }, secret, maxAge: 60 });
    expect(await decodeSessionToken({ token: cookie, secret })).not.toBeNull();
    expect(await decodeSessionToken({ token: cookie, secret }, Date.now() + 59_000)).not.toBeNull();
    expect(await decodeSessionToken({ token: cookie, secret }, Date.now() + 2 * 60_000)).toBeNull();
  });

  it('never reads a remembered cookie with another secret', async () => {
    const cookie = await encode({ token: { claims }, secret, maxAge: 60 });
    await decodeSessionToken({ token: cookie, secret });
    await expect(decodeSessionToken({ token: cookie, secret: `${secret}-rotated` })).rejects.toThrow();
  });

  it('refuses a tampered cookie and nothing at all, as next-auth does', async () => {
    const cookie = await encode({ token: { claims }, secret, maxAge: 60 });
    const tampered = `${cookie.slice(0, -4)}AAAA`;
    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token: '', secret })).toBeNull();
    expect(await decodeSessionToken({ secret })).toBeNull();
  });
});
