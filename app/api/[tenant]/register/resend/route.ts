import { NextResponse } from 'next/server';
import { z } from 'zod';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { clinicContext } from '@/lib/server/context';
import { resendRegistrationCode } from '@/lib/identity/patient/start-registration';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ registrationId: z.uuid('This registration has expired. Please start again.') });

/** A new registration code (throttled). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, origin } = await clinicContext(params.tenant, request.headers);
  const { registrationId } = await parseJsonBody(request, bodySchema);
  const result = await resendRegistrationCode(deps, {
    tenant,
    registrationId,
    origin,
  });
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
