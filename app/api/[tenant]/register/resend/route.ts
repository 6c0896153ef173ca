import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { loginDeps } from '@/lib/identity/patient/login-deps';
import { resendRegistrationCode } from '@/lib/identity/patient/start-registration';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ registrationId: z.uuid('This registration has expired. Please start again.') });

/** A new registration code (throttled). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const tenant = await getTenantBySlug(db(), params.tenant);
  if (!tenant) throw new AppError('not_found', 'clinic.notFound');
  const { registrationId } = await parseJsonBody(request, bodySchema);
  const result = await resendRegistrationCode(await loginDeps(tenant), {
    tenant,
    registrationId,
    origin: requestOriginFrom(request.headers),
  });
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
