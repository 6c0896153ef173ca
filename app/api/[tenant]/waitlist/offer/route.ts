import { NextResponse } from 'next/server';
import { offerBodySchema } from '@/lib/api/waitlist.input';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { clinicContext } from '@/lib/server/context';
import { acceptOffer, viewOffer } from '@/lib/waitlist/accept-offer';

export const dynamic = 'force-dynamic';

/** An offer link's time (`view`), or taking it (`accept`): 409 when taken or used, 400 when expired. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, origin, locale } = await clinicContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, offerBodySchema);
  if (input.action === 'view') return NextResponse.json(await viewOffer(deps, tenant, { token: input.token, locale }));
  const { appointment } = await acceptOffer(deps, tenant, { token: input.token, origin });
  return NextResponse.json({ appointmentId: appointment.id, start: appointment.start });
});
