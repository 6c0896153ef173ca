import { NextResponse } from 'next/server';
import { findSlots } from '@/lib/booking/find-slots';
import type { bookingApi } from '@/lib/api/booking';
import { slotQuerySchema } from '@/lib/api/booking.input';
import type { ResponseOf } from '@/lib/api/endpoint';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseSearchParams } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Free slots for the signed-in patient's search, a page at a time (`cursor` from the previous page). */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const query = parseSearchParams(request, slotQuerySchema);
  const page = await findSlots(deps.provider, actor.tenant, query, actor.locale);
  return NextResponse.json(page satisfies ResponseOf<typeof bookingApi.slots>, {
    headers: { 'cache-control': 'no-store' },
  });
});
