import { NextResponse } from 'next/server';
import { z } from 'zod';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { clinicContext } from '@/lib/server/context';
import { startRegistration } from '@/lib/identity/patient/start-registration';

export const dynamic = 'force-dynamic';

/**
 * New patient, step 1: the details in, a code out to the chosen phone or email. The use-case checks
 * the fields (400 naming each bad one, audited); nothing is created in the EHR yet.
 */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, locale, origin } = await clinicContext(params.tenant, request.headers);
  const details = await parseJsonBody(request, z.record(z.string(), z.unknown()));
  const result = await startRegistration(deps, {
    tenant,
    details,
    locale,
    origin,
  });
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
