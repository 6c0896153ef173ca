import { NextResponse } from 'next/server';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { loginDeps } from '@/lib/identity/patient/login-deps';
import { startMrnLogin } from '@/lib/identity/patient/mrn-login';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { mrnLoginSchema } from '@/lib/api/identity.input';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

/** Step 1 of MRN sign-in: MRN + birth date in, masked contact points out (same shape for any input). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const tenant = await getTenantBySlug(db(), params.tenant);
  if (!tenant) throw new AppError('not_found', 'There is no such clinic.');
  const input = await parseJsonBody(request, mrnLoginSchema);
  const result = await startMrnLogin(await loginDeps(tenant), {
    tenant,
    ...input,
    origin: requestOriginFrom(request.headers),
  });
  return NextResponse.json(result satisfies ResponseOf<typeof identityApi.loginStart>, {
    headers: { 'cache-control': 'no-store' },
  });
});
