import { NextResponse } from 'next/server';
import { z } from 'zod';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { checkAppointmentEligibility } from '@/lib/insurance/check-appointment-eligibility';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ appointmentId: z.string().trim().min(1, 'Name the appointment.').max(64) });

/**
 * The front desk checks insurance eligibility for one appointment now; the result (or "unknown, will
 * retry") is recorded.
 */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers, ['front_desk', 'admin']);
  const { appointmentId } = await parseJsonBody(request, bodySchema);
  const eligibility = await checkAppointmentEligibility(deps, {
    tenant,
    appointmentId,
    staff: { id: actor.staffId, role: actor.role, locationIds: actor.locationIds },
    origin,
  });
  return NextResponse.json({ eligibility });
});
