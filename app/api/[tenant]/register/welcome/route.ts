import { NextResponse } from 'next/server';
import { z } from 'zod';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { sendRegistrationWelcome } from '@/lib/identity/patient/send-registration-welcome';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ registrationId: z.uuid('This registration is not known.') });

/** Right after registering: the first QR code (shown once) and the welcome message with it. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const { registrationId } = await parseJsonBody(request, bodySchema);
  const welcome = await sendRegistrationWelcome(deps, {
    tenant: actor.tenant,
    accountId: actor.accountId,
    patientId: actor.patientId,
    registrationId,
    locale: actor.locale,
    origin: actor.origin,
  });
  return NextResponse.json(welcome, { status: 201, headers: { 'cache-control': 'no-store' } });
});
