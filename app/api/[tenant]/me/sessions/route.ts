import { defineRoute } from '@/lib/http/route';
import { logoutEverywhere } from '@/lib/identity/patient/logout-everywhere';
import { patientContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** "Log out everywhere": every session of this patient account stops working at once. */
export const DELETE = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, deps } = await patientContext(params.tenant, request.headers);
  await logoutEverywhere(deps, {
    tenantId: tenant.id,
    accountId: actor.accountId,
    patientId: actor.patientId,
    origin: actor.origin,
  });
  return new Response(null, { status: 204 });
});
