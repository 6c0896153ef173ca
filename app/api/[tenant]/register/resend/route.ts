import { NextResponse } from 'next/server';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { resendRegistrationCodeBodySchema } from '@/lib/api/identity.input';
import { loginDeps } from '@/lib/identity/patient/login-deps';
import { resendRegistrationCode } from '@/lib/identity/patient/start-registration';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

/** A new registration code (throttled). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const tenant = await getTenantBySlug(db(), params.tenant);
  if (!tenant) throw new AppError('not_found', 'There is no such clinic.');
  const { registrationId } = await parseJsonBody(request, resendRegistrationCodeBodySchema);
  const result = await resendRegistrationCode(await loginDeps(tenant), {
    tenant,
    registrationId,
    origin: requestOriginFrom(request.headers),
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.registerResend>, {
    headers: { 'cache-control': 'no-store' },
  });
});
