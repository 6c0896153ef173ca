import { getConfig } from '@/lib/config';
import { defineRoute, parseSearchParams } from '@/lib/http/route';
import { deskEventsQuerySchema } from '@/lib/api/checkin.input';
import { deskEventHub, latestDeskEventId } from '@/lib/realtime/desk-events';
import { deskEventStream } from '@/lib/realtime/desk-event-stream';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

function parseEventId(value: string | null): bigint | null {
  return value && /^\d{1,19}$/.test(value) ? BigInt(value) : null;
}

/**
 * Server-sent events for the front-desk board (lib/realtime/desk-event-stream.ts): replays what
 * happened since `Last-Event-ID` (or `?after=`), then streams live changes for the staff user's
 * locations, with a heartbeat comment every 15 s. Browsers reconnect on their own and resume from the
 * last id they saw, and the server replays what its own LISTEN connection missed, so no drop loses anything.
 */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor: staff, deps } = await staffContext(params.tenant, request.headers, ['front_desk', 'admin']);
  const database = deps.database;
  const afterId =
    parseEventId(request.headers.get('last-event-id')) ??
    parseEventId(parseSearchParams(request, deskEventsQuerySchema).after ?? null) ??
    (await latestDeskEventId(database, tenant.id));
  const stream = deskEventStream({
    database,
    hub: deskEventHub(getConfig().DATABASE_URL),
    tenantId: tenant.id,
    locationIds: staff.locationIds,
    afterId,
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
});
