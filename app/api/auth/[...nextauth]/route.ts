import NextAuth from 'next-auth';
import { authOptions } from '@/lib/server/auth-options';

export const dynamic = 'force-dynamic';

type NextAuthRouteHandler = (
  request: Request,
  context: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return (NextAuth(authOptions()) as NextAuthRouteHandler)(request, context);
}

export { handler as GET, handler as POST };
