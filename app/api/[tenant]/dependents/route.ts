import { NextResponse } from 'next/server';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { addDependent, newDependentSchema } from '@/lib/patients/add-dependent';

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
    },
    { status: 201 },
  );
});
