import { NextResponse } from 'next/server';
import type { bridgeApi } from '@/lib/api/bridge';
import type { ResponseOf } from '@/lib/api/endpoint';
import { retryQuarantinedRecord } from '@/lib/bridge/admin/retry-quarantined-record';
import { defineRoute } from '@/lib/http/route';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

/** Administrators: applies a quarantined record of the legacy-EHR bridge again, after a fix. */
export const POST = defineRoute<{ tenant: string; id: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers, ['admin']);
  const result = await retryQuarantinedRecord(deps.database, actor, params.id);
  return NextResponse.json(result satisfies ResponseOf<typeof bridgeApi.retryRecord>);
});
