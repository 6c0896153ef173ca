import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { passkeysApi } from '@/lib/api/passkeys';
import { startPasskeySignIn } from '@/lib/auth/passkeys/sign-in-with-passkey';
import { defineRoute } from '@/lib/http/route';
import { clinicContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Options for signing in with a passkey at the clinic (a fresh single-use challenge). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, origin, deps } = await clinicContext(params.tenant, request.headers);
  const options = await startPasskeySignIn(deps, { tenant, origin });
  return NextResponse.json(options satisfies ResponseOf<typeof passkeysApi.signInOptions>, {
    headers: { 'cache-control': 'no-store' },
  });
});
