import { NextResponse } from 'next/server';
import { rotateLobbyPoster } from '@/lib/checkin/lobby-poster-admin';
import { staffContext } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import type { checkinApi } from '@/lib/api/checkin';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Administrators: voids every printed poster of the location; the poster page then shows the new one. */
export const POST = defineRoute<{ tenant: string; locationId: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers, ['admin']);
  await rotateLobbyPoster(deps, actor, params.locationId);
  return NextResponse.json({ rotated: true } satisfies ResponseOf<typeof checkinApi.rotatePoster>);
});
