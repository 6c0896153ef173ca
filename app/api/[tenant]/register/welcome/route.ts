import { NextResponse } from 'next/server';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { registrationWelcomeBodySchema } from '@/lib/api/identity.input';
import { sendRegistrationWelcome } from '@/lib/identity/patient/send-registration-welcome';

export const dynamic = 'force-dynamic';

/** Right after registering: the first QR code (shown once) and the welcome message with it. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const { registrationId } = await parseJsonBody(request, registrationWelcomeBodySchema);
  const welcome = await sendRegistrationWelcome(deps, {
    tenant: actor.tenant,
    accountId: actor.accountId,
    patientId: actor.patientId,
    registrationId,
    locale: actor.locale,
    origin: actor.origin,
  });
  return NextResponse.json(welcome satisfies ResponseOf<typeof identityApi.registerWelcome>, {
    status: 201,
    headers: { 'cache-control': 'no-store' },
  });
});
