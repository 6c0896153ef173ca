import { NextResponse } from 'next/server';
import { z } from 'zod';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { clinicContext } from '@/lib/server/context';
import { sendLoginCode } from '@/lib/identity/patient/send-login-code';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({
  loginId: z.uuid('This sign-in has expired. Please start again.'),
  contactId: z.string().regex(/^c\d{1,2}$/, 'Choose where to send the code.'),
});

/** Step 2 of MRN sign-in: send (or resend) the one-time code to the chosen contact point. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, deps, locale, origin } = await clinicContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, bodySchema);
  const result = await sendLoginCode(deps, {
    tenant,
    ...input,
    locale,
    origin,
  });
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
