import { NextResponse } from 'next/server';
import { joinWaitlistBodySchema } from '@/lib/api/waitlist.input';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { patientContext } from '@/lib/server/context';
import { joinWaitlist } from '@/lib/waitlist/join-waitlist';

export const dynamic = 'force-dynamic';

/** Joins the clinic's waitlist for oneself or a dependent (400 when the clinic has none or the rules refuse). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, joinWaitlistBodySchema);
  const result = await joinWaitlist(deps, actor, { ...input, forPatientId: input.forPatient });
  return NextResponse.json(result, { status: 201 });
});
