import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { addressChangeSchema } from '@/lib/api/identity.input';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { changeAddress } from '@/lib/identity/patient/change-contact-details';
import { patientContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** The patient's home address, written to the EHR. */
export const PUT = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const result = await changeAddress(deps, actor, await parseJsonBody(request, addressChangeSchema));
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.changeAddress>);
});
