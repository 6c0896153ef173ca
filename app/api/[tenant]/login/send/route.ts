import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { getLocale } from '@/lib/i18n/server';
import { loginDeps } from '@/lib/identity/patient/login-deps';
import { sendLoginCode } from '@/lib/identity/patient/mrn-login';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({
  loginId: z.uuid('This sign-in has expired. Please start again.'),
  contactId: z.string().regex(/^c\d{1,2}$/, 'Choose where to send the code.'),
});

/** Step 2 of MRN sign-in: send (or resend) the one-time code to the chosen contact point. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const tenant = await getTenantBySlug(db(), params.tenant);
  if (!tenant) throw new AppError('not_found', 'clinic.notFound');
  const input = await parseJsonBody(request, bodySchema);
  const result = await sendLoginCode(await loginDeps(tenant), {
    tenant,
    ...input,
    locale: await getLocale(),
    origin: requestOriginFrom(request.headers),
  });
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
