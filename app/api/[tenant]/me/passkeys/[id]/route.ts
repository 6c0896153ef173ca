import { patientPasskeyActor } from '@/lib/auth/passkeys/passkey-owner';
import { removePasskey } from '@/lib/auth/passkeys/remove-passkey';
import { defineRoute } from '@/lib/http/route';
import { patientContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Removes one of the signed-in patient's passkeys; every session of the account ends with it. */
export const DELETE = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { actor, deps } = await patientContext(params.tenant, request.headers);
  await removePasskey(deps, { ...patientPasskeyActor(actor), passkeyId: params.id });
  return new Response(null, { status: 204 });
});
