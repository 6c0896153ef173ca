import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appDeps } from '@/lib/server/context';
import { defineRoute, parseSearchParams } from '@/lib/http/route';
import { assertOutboxAvailable, listOutbox } from '@/lib/notify/outbox';

export const dynamic = 'force-dynamic';

/** Development only: the newest recorded messages, optionally for one recipient (E.164 or email). */
export const GET = defineRoute(async (request) => {
  assertOutboxAvailable();
  const query = parseSearchParams(
    request,
    z.object({ to: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(20) }),
  );
  return NextResponse.json(
    { messages: await listOutbox(appDeps().database, { recipient: query.to, limit: query.limit }) },
    { headers: { 'cache-control': 'no-store' } },
  );
});
