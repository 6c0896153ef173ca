import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { staffPasskeysApi } from '@/lib/api/passkeys';
import { startStaffPasskeyCheck } from '@/lib/auth/staff-second-factor/verify-staff-passkey';
import { defineRoute } from '@/lib/http/route';
import { staffPasskeyContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Options for the passkey step after the password (the answer goes to next-auth's `staff-passkey`). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, origin, session, deps } = await staffPasskeyContext(params.tenant, request.headers);
  const options = await startStaffPasskeyCheck(deps, { tenant, claims: session.claims, origin });
  return NextResponse.json(options satisfies ResponseOf<typeof staffPasskeysApi.checkOptions>, {
    headers: { 'cache-control': 'no-store' },
  });
});
