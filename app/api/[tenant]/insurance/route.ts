import { NextResponse } from 'next/server';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { insuranceApi } from '@/lib/api/insurance';
import { coverageFormSchema } from '@/lib/api/insurance.input';
import { saveCoverage } from '@/lib/insurance/save-coverage';

export const dynamic = 'force-dynamic';

/** Saves the signed-in patient's (or a linked dependent's) insurance in the EHR, then checks eligibility. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const coverage = await parseJsonBody(request, coverageFormSchema);
  const result = await saveCoverage(deps, {
    tenant: actor.tenant,
    accountId: actor.accountId,
    accountPatientId: actor.patientId,
    coverage,
    origin: actor.origin,
  });
  return NextResponse.json(
    {
      coverage: {
        id: result.coverage.id,
        payerName: result.coverage.payerName,
        memberId: result.coverage.memberId,
        groupNumber: result.coverage.groupNumber,
        relationship: result.coverage.relationship,
      },
      eligibility: result.eligibility,
    } satisfies ResponseOf<typeof insuranceApi.saveCoverage>,
    { status: 201 },
  );
});
