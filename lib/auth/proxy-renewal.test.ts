/**
 * proxy.ts as Next.js runs it before every request: a live session cookie older than a minute comes
 * back re-issued with a fresh idle expiry (the sliding timeout), next-auth's own routes excepted, and
 * HSTS is sent in production only.
 */
import { decode, encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { proxy as Proxy } from '@/proxy';

const secret = 'a-proxy-test-secret-of-at-least-thirty-two-characters';
let proxy: typeof Proxy;

beforeAll(async () => {
  vi.stubEnv('NEXTAUTH_SECRET', secret);
  vi.stubEnv('DATABASE_URL', 'postgresql://app:app@127.0.0.1:5432/unused');
  vi.stubEnv('SESSION_IDLE_MINUTES', '30');
  ({ proxy } = await import('@/proxy'));
});

afterEach(() => {
  vi.stubEnv('APP_ENV', '');
});

async function patientCookie(issuedSecondsAgo: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    kind: 'patient',
    accountId: 'account-1',
    patientId: 'patient-1',
    tenantId: 'tenant-1',
    tenantSlug: 'demo',
    sessionVersion: 0,
    authTime: now - issuedSecondsAgo,
  };
  vi.useFakeTimers({ now: (now - issuedSecondsAgo) * 1000, toFake: ['Date'] });
  try {
    return await encode({ token: { claims }, secret, maxAge: 30 * 60 });
  } finally {
    vi.useRealTimers();
  }
}

function request(path: string, cookie?: string): NextRequest {
  return new NextRequest(`http://localhost:3000${path}`, {
    headers: cookie ? { cookie: `next-auth.session-token=${cookie}` } : {},
  });
}

describe('the proxy before every request', () => {
  it('re-issues a session cookie used 10 minutes after it was issued, with a fresh 30-minute idle expiry', async () => {
    const response = await proxy(request('/demo/me', await patientCookie(10 * 60)));
    const renewed = response.cookies.get('next-auth.session-token');
    expect(renewed?.maxAge).toBe(30 * 60);
    expect(renewed?.httpOnly).toBe(true);
    const token = await decode({ token: renewed?.value ?? '', secret });
    expect(token?.claims).toMatchObject({ accountId: 'account-1' });
    expect(Number(token?.exp) - Math.floor(Date.now() / 1000)).toBeGreaterThan(29 * 60);
  });

  it('leaves a just-issued cookie, a request without one and next-auth’s own routes alone', async () => {
    expect((await proxy(request('/demo/me', await patientCookie(5)))).cookies.get('next-auth.session-token')).toBe(
      undefined,
    );
    expect((await proxy(request('/demo/me'))).cookies.getAll()).toEqual([]);
    const own = await proxy(request('/api/auth/session', await patientCookie(10 * 60)));
    expect(own.cookies.get('next-auth.session-token')).toBe(undefined);
  });

  it('sends HSTS in production only, and a nonce CSP and request id always', async () => {
    const development = await proxy(request('/demo'));
    expect(development.headers.get('strict-transport-security')).toBeNull();
    expect(development.headers.get('content-security-policy')).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(development.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    vi.stubEnv('APP_ENV', 'production');
    const production = await proxy(request('/demo'));
    expect(production.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains/);
  });
});
