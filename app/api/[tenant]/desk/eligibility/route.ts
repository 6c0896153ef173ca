import { NextResponse } from 'next/server';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { insuranceApi } from '@/lib/api/insurance';
import { deskEligibilityBodySchema } from '@/lib/api/insurance.input';
import { checkAppointmentEligibility } from '@/lib/insurance/check-appointment-eligibility';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/**
 * The front desk checks insurance eligibility for one appointment now; the result (or "unknown, will
 * retry") is recorded.
 */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers, ['front_desk', 'admin']);
  const { appointmentId } = await parseJsonBody(request, deskEligibilityBodySchema);
  const eligibility = await checkAppointmentEligibility(deps, {
    tenant,
    appointmentId,
    staff: { id: actor.staffId, role: actor.role, locationIds: actor.locationIds },
    origin,
  });
  return NextResponse.json({ eligibility } satisfies ResponseOf<typeof insuranceApi.deskEligibility>);
});
