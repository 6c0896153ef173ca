import { getConfig } from '@/lib/config';
import { defineRoute, parseSearchParams } from '@/lib/http/route';
import { deskEventsQuerySchema } from '@/lib/api/checkin.input';
import { deskEventHub, followDeskEvents, latestDeskEventId } from '@/lib/realtime/desk-events';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

function parseEventId(value: string | null): bigint | null {
  return value && /^\d{1,19}$/.test(value) ? BigInt(value) : null;
}

/**
 * Server-sent events for the front-desk board: replays what happened since `Last-Event-ID` (or
 * `?after=`), then streams live changes for the staff user's locations, with a heartbeat comment
 * every 15 s. Browsers reconnect on their own and resume from the last id they saw, and the server
 * replays what its own LISTEN connection missed (lib/realtime/desk-events.ts), so no drop loses anything.
 */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor: staff, deps } = await staffContext(params.tenant, request.headers, ['front_desk', 'admin']);
  const database = deps.database;
  const resumeFrom =
    parseEventId(request.headers.get('last-event-id')) ??
    parseEventId(parseSearchParams(request, deskEventsQuerySchema).after ?? null) ??
    (await latestDeskEventId(database, tenant.id));
  const encoder = new TextEncoder();
  let cleanup = (): void => undefined;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      const unsubscribe = await followDeskEvents({
        database,
        hub: deskEventHub(getConfig().DATABASE_URL),
        tenantId: tenant.id,
        locationIds: staff.locationIds,
        afterId: resumeFrom,
        onEvent: (event) =>
          controller.enqueue(encoder.encode(`id: ${event.id}\nevent: desk\ndata: ${JSON.stringify(event)}\n\n`)),
      });
      const heartbeat = setInterval(() => controller.enqueue(encoder.encode(`: heartbeat\n\n`)), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      });
    },
    cancel() {
      cleanup();
    },
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
