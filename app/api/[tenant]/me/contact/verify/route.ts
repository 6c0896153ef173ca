import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { contactChangeCodeSchema } from '@/lib/api/identity.input';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { confirmContactChange } from '@/lib/identity/patient/change-contact-details';
import { patientContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** The code sent to the new phone or email: right, and the new contact point is written to the EHR. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const result = await confirmContactChange(deps, actor, await parseJsonBody(request, contactChangeCodeSchema));
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.confirmContactChange>);
});
