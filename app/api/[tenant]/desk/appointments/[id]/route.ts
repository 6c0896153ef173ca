import { NextResponse } from 'next/server';
import { z } from 'zod';
import { staffContext } from '@/lib/server/context';
import { updateDeskStatus } from '@/lib/checkin/update-desk-status';
import { defineRoute, parseJsonBody } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The front desk: manual check-in (`arrive`), `check-in` (FHIR checked-in) or `noshow`. */
export const POST = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, z.object({ action: z.enum(['arrive', 'check-in', 'noshow']) }));
  return NextResponse.json(await updateDeskStatus(deps, actor, { appointmentId: params.id, action: input.action }));
});
