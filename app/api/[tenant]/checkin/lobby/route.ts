import { NextResponse } from 'next/server';
import { checkInByPoster } from '@/lib/checkin/check-in-by-poster';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { checkinApi } from '@/lib/api/checkin';
import { lobbyCheckInBodySchema } from '@/lib/api/checkin.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Lobby poster check-in: the poster's signed link (from the page's address) in the body, never logged. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, lobbyCheckInBodySchema);
  const result = await checkInByPoster(deps, actor, {
    link: { locationId: input.locationId, keyId: input.k, expires: input.e, signature: input.s },
    appointmentId: input.appointmentId,
  });
  return NextResponse.json(result satisfies ResponseOf<typeof checkinApi.lobby>);
});
