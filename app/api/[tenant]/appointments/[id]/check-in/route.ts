import { NextResponse } from 'next/server';
import { checkInByGeofence } from '@/lib/checkin/check-in-by-geofence';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { checkinApi } from '@/lib/api/checkin';
import type { ResponseOf } from '@/lib/api/endpoint';
import { positionInputSchema } from '@/lib/api/checkin.input';

export const dynamic = 'force-dynamic';

/** "I'm here": checks the appointment in from the phone's position and reported accuracy. */
export const POST = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const position = await parseJsonBody(request, positionInputSchema);
  const result = await checkInByGeofence(deps, actor, { appointmentId: params.id, ...position });
  return NextResponse.json(result satisfies ResponseOf<typeof checkinApi.checkIn>);
});
