/**
 * Runs before every request: gives it an `x-request-id` (the client's own when sane, a new UUID
 * otherwise), visible to route handlers and server components and echoed in the response, and the
 * per-request security headers (a nonce CSP, HSTS in production; lib/security/security-headers.ts),
 * and renews a live session cookie's idle expiry (lib/auth/renew-session.ts).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { renewedSessionToken, SESSION_COOKIE_NAMES } from '@/lib/auth/renew-session';
import { getConfig } from '@/lib/config';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/request-id';
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from '@/lib/security/security-headers';

/** Activity keeps a session alive: the cookie comes back with a fresh idle expiry (not on next-auth's own routes). */
async function renewSession(request: NextRequest, response: NextResponse): Promise<void> {
  if (request.nextUrl.pathname.startsWith('/api/auth/')) return;
  const name = SESSION_COOKIE_NAMES.find((candidate) => request.cookies.has(candidate));
  const value = name ? request.cookies.get(name)?.value : undefined;
  if (!name || !value) return;
  const config = getConfig();
  const renewed = await renewedSessionToken(value, {
    secret: config.NEXTAUTH_SECRET,
    idleMinutes: config.SESSION_IDLE_MINUTES,
    absoluteHours: config.SESSION_ABSOLUTE_HOURS,
  });
  if (renewed)
    response.cookies.set(name, renewed.value, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: name.startsWith('__Secure-'),
      maxAge: renewed.maxAgeSeconds,
    });
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const csp = contentSecurityPolicy({
    nonce: newNonce(),
    development: process.env.NODE_ENV === 'development',
    https: (process.env.APP_BASE_URL ?? '').startsWith('https:'),
  });
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  // Next.js reads the nonce from the request's CSP and puts it on the scripts it renders.
  headers.set('content-security-policy', csp);
  // Lets layouts link back to the current page (e.g. after switching language). Paths carry no PHI.
  headers.set('x-pathname', request.nextUrl.pathname);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set('content-security-policy', csp);
  if (process.env.APP_ENV === 'production')
    response.headers.set('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  await renewSession(request, response);
  return response;
}

export const config = {
  // Static assets need no id (their fixed security headers come from next.config.js).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|fhir/).*)'],
};
