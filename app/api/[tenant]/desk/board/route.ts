import { NextResponse } from 'next/server';
import { getDeskBoard } from '@/lib/checkin/get-desk-board';
import { staffContext } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Today's appointments at the staff user's locations, with the live feed position to resume from. */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers);
  return NextResponse.json(await getDeskBoard(deps, actor), { headers: { 'cache-control': 'no-store' } });
});
