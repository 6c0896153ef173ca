import { NextResponse } from 'next/server';
import { holdSlot } from '@/lib/booking/hold-slot';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { bookingApi } from '@/lib/api/booking';
import { holdBodySchema } from '@/lib/api/booking.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Holds a slot while the patient reviews it: 201 with the hold, 200 `{hold: null}` without holds, 409 taken. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, holdBodySchema);
  const result = await holdSlot(deps, actor, { forPatientId: input.forPatient, slotId: input.slotId });
  return NextResponse.json(result satisfies ResponseOf<typeof bookingApi.hold>, { status: result.hold ? 201 : 200 });
});
