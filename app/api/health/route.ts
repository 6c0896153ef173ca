import { NextResponse } from 'next/server';
import { appDeps } from '@/lib/server/context';
import { checkHealth } from '@/lib/health/check-health';
import { defineRoute } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { systemApi } from '@/lib/api/system';

export const dynamic = 'force-dynamic';

/**
 * Readiness: 200 when the database answers and migrations are current (`degraded` when codes wait
 * for workers or this replica's workers are retrying their start), 503 naming the failing part.
 */
export const GET = defineRoute(async () => {
  const report = await checkHealth(appDeps().database);
  return NextResponse.json(report satisfies ResponseOf<typeof systemApi.health>, {
    status: report.status === 'unavailable' ? 503 : 200,
    headers: { 'cache-control': 'no-store' },
  });
});
