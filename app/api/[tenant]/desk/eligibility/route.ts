import { NextResponse } from 'next/server';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { requireStaffSession } from '@/lib/auth/get-session';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { insuranceApi } from '@/lib/api/insurance';
import { deskEligibilityBodySchema } from '@/lib/api/insurance.input';
import { checkAppointmentEligibility } from '@/lib/insurance/check-appointment-eligibility';
import { insuranceDeps } from '@/lib/insurance/get-insurance-deps';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

/** The front desk checks insurance eligibility for one appointment now; the result (or "unknown, will retry") is recorded. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const staff = await requireStaffSession(params.tenant, ['front_desk', 'admin']);
  const tenant = await getTenantBySlug(db(), params.tenant);
  if (!tenant) throw new AppError('not_found', 'There is no such clinic.');
  const { appointmentId } = await parseJsonBody(request, deskEligibilityBodySchema);
  const eligibility = await checkAppointmentEligibility(await insuranceDeps(tenant), {
    tenant,
    appointmentId,
    staff: { id: staff.accountId, role: staff.role, locationIds: staff.locationIds },
    origin: requestOriginFrom(request.headers),
  });
  return NextResponse.json({ eligibility } satisfies ResponseOf<typeof insuranceApi.deskEligibility>);
});
