import { NextResponse } from 'next/server';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { sendLoginCodeBodySchema } from '@/lib/api/identity.input';
import { clinicContext } from '@/lib/server/context';
import { sendLoginCode } from '@/lib/identity/patient/send-login-code';

export const dynamic = 'force-dynamic';

/** Step 2 of MRN sign-in: send (or resend) the one-time code to the chosen contact point. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, locale, origin } = await clinicContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, sendLoginCodeBodySchema);
  const result = await sendLoginCode(deps, {
    tenant,
    ...input,
    locale,
    origin,
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.loginSend>, {
    headers: { 'cache-control': 'no-store' },
  });
});
