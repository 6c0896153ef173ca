/**
 * Runs before every request: gives it an `x-request-id` (the client's own when sane, a new UUID
 * otherwise), visible to route handlers and server components and echoed in the response, and the
 * per-request security headers (a nonce CSP, HSTS in production; lib/security/security-headers.ts).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/request-id';
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from '@/lib/security/security-headers';

export function proxy(request: NextRequest): NextResponse {
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
  return response;
}

export const config = {
  // Static assets need no id (their fixed security headers come from next.config.js).
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
