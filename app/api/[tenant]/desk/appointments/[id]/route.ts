import { NextResponse } from 'next/server';
import { staffContext } from '@/lib/server/context';
import { updateDeskStatus } from '@/lib/checkin/update-desk-status';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { checkinApi } from '@/lib/api/checkin';
import { deskActionBodySchema } from '@/lib/api/checkin.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** The front desk: manual check-in (`arrive`), `check-in` (FHIR checked-in), `noshow` or `undo-noshow`. */
export const POST = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, deskActionBodySchema);
  const result = await updateDeskStatus(deps, actor, { appointmentId: params.id, action: input.action });
  return NextResponse.json(result satisfies ResponseOf<typeof checkinApi.deskAction>);
});
