import { NextResponse } from 'next/server';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { registrationBodySchema } from '@/lib/api/identity.input';
import { getLocale } from '@/lib/i18n/server';
import { loginDeps } from '@/lib/identity/patient/login-deps';
import { startRegistration } from '@/lib/identity/patient/start-registration';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

/**
 * New patient, step 1: the details in, a code out to the chosen phone or email. The use-case checks
 * the fields (400 naming each bad one, audited); nothing is created in the EHR yet.
 */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const tenant = await getTenantBySlug(db(), params.tenant);
  if (!tenant) throw new AppError('not_found', 'There is no such clinic.');
  const details = await parseJsonBody(request, registrationBodySchema);
  const result = await startRegistration(await loginDeps(tenant), {
    tenant,
    details,
    locale: await getLocale(),
    origin: requestOriginFrom(request.headers),
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.register>, {
    headers: { 'cache-control': 'no-store' },
  });
});
