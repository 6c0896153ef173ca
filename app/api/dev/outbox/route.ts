import { NextResponse } from 'next/server';
import { appDeps } from '@/lib/server/context';
import { defineRoute, parseSearchParams } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { systemApi } from '@/lib/api/system';
import { outboxQuerySchema } from '@/lib/api/system.input';
import { assertOutboxAvailable, listOutbox } from '@/lib/notify/outbox';

export const dynamic = 'force-dynamic';

/** Development only: the newest recorded messages, optionally for one recipient (E.164 or email). */
export const GET = defineRoute(async (request) => {
  assertOutboxAvailable(request.headers);
  const query = parseSearchParams(request, outboxQuerySchema);
  const messages = await listOutbox(appDeps().database, { recipient: query.to, limit: query.limit });
  return NextResponse.json({ messages } satisfies ResponseOf<typeof systemApi.devOutbox>, {
    headers: { 'cache-control': 'no-store' },
  });
});
