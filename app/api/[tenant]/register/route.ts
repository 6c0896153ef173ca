import { NextResponse } from 'next/server';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { registrationBodySchema } from '@/lib/api/identity.input';
import { clinicContext } from '@/lib/server/context';
import { startRegistration } from '@/lib/identity/patient/start-registration';

export const dynamic = 'force-dynamic';

/**
 * New patient, step 1: the details in, a code out to the chosen phone or email. The use-case checks
 * the fields (400 naming each bad one, audited); nothing is created in the EHR yet.
 */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, locale, origin } = await clinicContext(params.tenant, request.headers);
  const details = await parseJsonBody(request, registrationBodySchema);
  const result = await startRegistration(deps, {
    tenant,
    details,
    locale,
    origin,
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.register>, {
    headers: { 'cache-control': 'no-store' },
  });
});
