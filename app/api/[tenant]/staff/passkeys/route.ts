import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { staffPasskeysApi } from '@/lib/api/passkeys';
import { listPasskeys } from '@/lib/auth/passkeys/list-passkeys';
import { staffPasskeyActor } from '@/lib/auth/passkeys/passkey-owner';
import { finishStaffEnrolment, staffEnrolmentBodySchema } from '@/lib/auth/staff-second-factor/enrol-staff-passkey';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { staffContext, staffPasskeyContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** The signed-in staff member's passkeys: name, when added, last use. */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers);
  const { owner } = staffPasskeyActor({ tenant, claims: { accountId: actor.staffId, role: actor.role }, origin });
  const passkeys = await listPasskeys(deps.database, owner);
  return NextResponse.json({ passkeys } satisfies ResponseOf<typeof staffPasskeysApi.list>, {
    headers: { 'cache-control': 'no-store' },
  });
});

/** The browser's answer to the registration options: verified (and the enrolment code used), then stored. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, origin, session, deps } = await staffPasskeyContext(params.tenant, request.headers);
  const body = await parseJsonBody(request, staffEnrolmentBodySchema);
  const passkey = await finishStaffEnrolment(deps, { tenant, claims: session.claims, origin, body });
  return NextResponse.json({ passkey } satisfies ResponseOf<typeof staffPasskeysApi.register>, { status: 201 });
});
