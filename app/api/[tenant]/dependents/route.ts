import { NextResponse } from 'next/server';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { addDependent } from '@/lib/patients/add-dependent';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { newDependentSchema } from '@/lib/api/identity.input';

export const dynamic = 'force-dynamic';

/** Adds a child to the signed-in guardian's record (new patient + guardian link in the EHR). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const dependent = await addDependent(deps, {
    tenant: actor.tenant,
    accountId: actor.accountId,
    guardianPatientId: actor.patientId,
    dependent: await parseJsonBody(request, newDependentSchema),
    origin: actor.origin,
  });
  return NextResponse.json(
    {
      dependent: {
        name: dependent.patient.name.display,
        mrn: dependent.patient.mrn,
        relationship: dependent.relationship,
      },
    } satisfies ResponseOf<typeof identityApi.addDependent>,
    { status: 201 },
  );
});
