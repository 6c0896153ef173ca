import { staffPasskeyActor } from '@/lib/auth/passkeys/passkey-owner';
import { removePasskey } from '@/lib/auth/passkeys/remove-passkey';
import { defineRoute } from '@/lib/http/route';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Removes one of the signed-in staff member's passkeys; every session of the account ends with it. */
export const DELETE = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers);
  const owner = staffPasskeyActor({ tenant, claims: { accountId: actor.staffId, role: actor.role }, origin });
  await removePasskey(deps, { ...owner, passkeyId: params.id });
  return new Response(null, { status: 204 });
});
