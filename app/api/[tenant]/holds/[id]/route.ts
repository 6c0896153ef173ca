import { NextResponse } from 'next/server';
import { releaseHold } from '@/lib/booking/release-hold';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { bookingApi } from '@/lib/api/booking';
import { releaseHoldBodySchema } from '@/lib/api/booking.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Releases the patient's hold of a slot (left the review): the slot is free again at once. */
export const DELETE = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, releaseHoldBodySchema);
  const result = await releaseHold(deps, actor, { forPatientId: input.forPatient, holdId: params.id });
  return NextResponse.json(result satisfies ResponseOf<typeof bookingApi.releaseHold>);
});
