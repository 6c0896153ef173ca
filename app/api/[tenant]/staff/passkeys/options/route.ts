import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { staffPasskeysApi } from '@/lib/api/passkeys';
import {
  staffEnrolmentOptionsBodySchema,
  startStaffEnrolment,
} from '@/lib/auth/staff-second-factor/enrol-staff-passkey';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { staffPasskeyContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Options for adding a passkey to the staff member's account (with an enrolment code until the step is passed). */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, origin, session, deps } = await staffPasskeyContext(params.tenant, request.headers);
  const { code } = await parseJsonBody(request, staffEnrolmentOptionsBodySchema);
  const options = await startStaffEnrolment(deps, { tenant, claims: session.claims, origin, code });
  return NextResponse.json(options satisfies ResponseOf<typeof staffPasskeysApi.registrationOptions>, {
    headers: { 'cache-control': 'no-store' },
  });
});
