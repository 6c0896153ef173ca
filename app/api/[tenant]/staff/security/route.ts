import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { staffPasskeysApi } from '@/lib/api/passkeys';
import { setStaffSecurity, staffSecurityBodySchema } from '@/lib/auth/staff-second-factor/set-staff-security';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Who must use a passkey after the password (administrators only, or everyone); takes effect at once. */
export const PUT = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers, ['admin']);
  const settings = await parseJsonBody(request, staffSecurityBodySchema);
  const saved = await setStaffSecurity(deps.database, {
    admin: { tenantId: tenant.id, staffId: actor.staffId, role: actor.role, origin },
    settings,
  });
  return NextResponse.json(saved satisfies ResponseOf<typeof staffPasskeysApi.setSecurity>);
});
