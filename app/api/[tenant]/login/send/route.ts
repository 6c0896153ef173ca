import { NextResponse } from 'next/server';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { sendLoginCodeBodySchema } from '@/lib/api/identity.input';
import { getLocale } from '@/lib/i18n/server';
import { loginDeps } from '@/lib/identity/patient/login-deps';
import { sendLoginCode } from '@/lib/identity/patient/mrn-login';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

/** Step 2 of MRN sign-in: send (or resend) the one-time code to the chosen contact point. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const tenant = await getTenantBySlug(db(), params.tenant);
  if (!tenant) throw new AppError('not_found', 'There is no such clinic.');
  const input = await parseJsonBody(request, sendLoginCodeBodySchema);
  const result = await sendLoginCode(await loginDeps(tenant), {
    tenant,
    ...input,
    locale: await getLocale(),
    origin: requestOriginFrom(request.headers),
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.loginSend>, {
    headers: { 'cache-control': 'no-store' },
  });
});
