import { defineRoute } from '@/lib/http/route';
import { patientContext } from '@/lib/server/context';
import { leaveWaitlist } from '@/lib/waitlist/leave-waitlist';

export const dynamic = 'force-dynamic';

/** Leaves the waitlist: the entry of oneself or a dependent, made from this account (204). */
export const DELETE = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  await leaveWaitlist(deps, actor, { entryId: params.id });
  return new Response(null, { status: 204 });
});
