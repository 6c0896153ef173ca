import { NextResponse } from 'next/server';
import { findSlots, slotQuerySchema } from '@/lib/booking/find-slots';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseSearchParams } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Free slots for the signed-in patient's search, a page at a time (`cursor` from the previous page). */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const query = parseSearchParams(request, slotQuerySchema);
  return NextResponse.json(await findSlots(deps.provider, actor.tenant, query, actor.locale), {
    headers: { 'cache-control': 'no-store' },
  });
});
