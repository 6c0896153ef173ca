import { NextResponse } from 'next/server';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { clinicContext } from '@/lib/server/context';
import { mrnLoginSchema } from '@/lib/identity/patient/mrn-login';
import { startMrnLogin } from '@/lib/identity/patient/start-mrn-login';

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
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
