import { NextResponse } from 'next/server';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { clinicContext } from '@/lib/server/context';
import { startMrnLogin } from '@/lib/identity/patient/start-mrn-login';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { mrnLoginSchema } from '@/lib/api/identity.input';

export const dynamic = 'force-dynamic';

/** Step 1 of MRN sign-in: MRN + birth date in, masked contact points out (same shape for any input). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, origin } = await clinicContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, mrnLoginSchema);
  const result = await startMrnLogin(deps, {
    tenant,
    ...input,
    origin,
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.loginStart>, {
    headers: { 'cache-control': 'no-store' },
  });
});
