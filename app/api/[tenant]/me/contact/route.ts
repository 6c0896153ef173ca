import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { contactChangeSchema } from '@/lib/api/identity.input';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { startContactChange } from '@/lib/identity/patient/change-contact-details';
import { patientContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** A new mobile phone or email: a code goes to it; nothing is written until the code comes back. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const started = await startContactChange(deps, actor, await parseJsonBody(request, contactChangeSchema));
  return NextResponse.json(started satisfies ResponseOf<typeof identityApi.startContactChange>);
});
