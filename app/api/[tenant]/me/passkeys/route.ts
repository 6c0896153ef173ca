import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { passkeysApi } from '@/lib/api/passkeys';
import { listPasskeys } from '@/lib/auth/passkeys/list-passkeys';
import { patientPasskeyActor } from '@/lib/auth/passkeys/passkey-owner';
import { registerPasskey, registerPasskeyBodySchema } from '@/lib/auth/passkeys/register-passkey';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { patientContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** The signed-in patient's passkeys: name, when added, last use. */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { actor, deps } = await patientContext(params.tenant, request.headers);
  const passkeys = await listPasskeys(deps.database, patientPasskeyActor(actor).owner);
  return NextResponse.json({ passkeys } satisfies ResponseOf<typeof passkeysApi.list>, {
    headers: { 'cache-control': 'no-store' },
  });
});

/** The browser's answer to the registration options: verified, then stored. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { actor, deps } = await patientContext(params.tenant, request.headers);
  const body = await parseJsonBody(request, registerPasskeyBodySchema);
  const passkey = await registerPasskey(deps, { ...patientPasskeyActor(actor), body });
  return NextResponse.json({ passkey } satisfies ResponseOf<typeof passkeysApi.register>, { status: 201 });
});
