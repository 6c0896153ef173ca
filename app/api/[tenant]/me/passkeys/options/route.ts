import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { passkeysApi } from '@/lib/api/passkeys';
import { patientPasskeyActor } from '@/lib/auth/passkeys/passkey-owner';
import { startPasskeyRegistration } from '@/lib/auth/passkeys/register-passkey';
import { defineRoute } from '@/lib/http/route';
import { patientContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Options for adding a passkey to the signed-in patient's account. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, deps } = await patientContext(params.tenant, request.headers);
  const options = await startPasskeyRegistration(deps, {
    ...patientPasskeyActor(actor),
    rpName: tenant.displayName,
    // What the device's passkey list shows: the clinic, never the patient's name or MRN.
    userName: tenant.displayName,
  });
  return NextResponse.json(options satisfies ResponseOf<typeof passkeysApi.registrationOptions>, {
    headers: { 'cache-control': 'no-store' },
  });
});
