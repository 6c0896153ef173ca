import { NextResponse } from 'next/server';
import { findClinicianTimes } from '@/lib/booking/find-clinician-times';
import type { bookingApi } from '@/lib/api/booking';
import { clinicianTimesQuerySchema } from '@/lib/api/booking.input';
import type { ResponseOf } from '@/lib/api/endpoint';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseSearchParams } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The signed-in patient's search, grouped by day and clinician, a few days a page (`day`). */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const query = parseSearchParams(request, clinicianTimesQuerySchema);
  const page = await findClinicianTimes(deps.provider, actor.tenant, query, actor.locale);
  return NextResponse.json(page satisfies ResponseOf<typeof bookingApi.clinicianTimes>, {
    headers: { 'cache-control': 'no-store' },
  });
});
