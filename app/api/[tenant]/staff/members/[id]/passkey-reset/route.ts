import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { staffPasskeysApi } from '@/lib/api/passkeys';
import { resetStaffPasskeys } from '@/lib/auth/staff-second-factor/reset-staff-passkeys';
import { defineRoute } from '@/lib/http/route';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/**
 * An administrator's recovery path for a colleague: their passkeys removed, their sessions ended, a
 * one-time enrolment code made and shown once in this answer (never stored in the clear, never logged).
 */
export const POST = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers, ['admin']);
  const issued = await resetStaffPasskeys(deps.database, {
    admin: { tenantId: tenant.id, staffId: actor.staffId, role: actor.role, origin },
    staffUserId: params.id,
  });
  return NextResponse.json(
    {
      code: issued.code,
      expiresAt: issued.expiresAt.toISOString(),
      removed: issued.removed,
    } satisfies ResponseOf<typeof staffPasskeysApi.resetMember>,
    { headers: { 'cache-control': 'no-store' } },
  );
});
