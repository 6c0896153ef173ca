import { NextResponse } from 'next/server';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { resendRegistrationCodeBodySchema } from '@/lib/api/identity.input';
import { clinicContext } from '@/lib/server/context';
import { resendRegistrationCode } from '@/lib/identity/patient/start-registration';

export const dynamic = 'force-dynamic';

/** A new registration code (throttled). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, origin } = await clinicContext(params.tenant, request.headers);
  const { registrationId } = await parseJsonBody(request, resendRegistrationCodeBodySchema);
  const result = await resendRegistrationCode(deps, {
    tenant,
    registrationId,
    origin,
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.registerResend>, {
    headers: { 'cache-control': 'no-store' },
  });
});
