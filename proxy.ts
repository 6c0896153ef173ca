/**
 * Runs before every request: gives it an `x-request-id` (the client's own when sane, a new UUID
 * otherwise), visible to route handlers and server components and echoed in the response.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/request-id';

export function proxy(request: NextRequest): NextResponse {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  // Lets layouts link back to the current page (e.g. after switching language). Paths carry no PHI.
  headers.set('x-pathname', request.nextUrl.pathname);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Static assets need no id.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
