import { NextResponse } from 'next/server';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { onboardingApi } from '@/lib/api/onboarding';
import { defineRoute } from '@/lib/http/route';
import { checkClinicEhr } from '@/lib/onboarding/check-clinic-ehr';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Administrators: runs the onboarding check of the clinic's EHR now; the report is stored and returned. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor, origin, deps } = await staffContext(params.tenant, request.headers, ['admin']);
  const report = await checkClinicEhr({
    database: deps.database,
    tenant,
    provider: deps.provider,
    actor: { type: 'staff', id: actor.staffId, role: actor.role },
    requestId: origin.requestId,
  });
  return NextResponse.json(report satisfies ResponseOf<typeof onboardingApi.runEhrCheck>);
});
