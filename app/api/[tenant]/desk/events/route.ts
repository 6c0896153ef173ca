import { getConfig } from '@/lib/config';
import { defineRoute, parseSearchParams } from '@/lib/http/route';
import { deskEventsQuerySchema } from '@/lib/api/checkin.input';
import { deskEventHub, latestDeskEventId, listDeskEventsSince, type DeskEvent } from '@/lib/realtime/desk-events';
import { staffContext } from '@/lib/server/context';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

function parseEventId(value: string | null): bigint | null {
  return value && /^\d{1,19}$/.test(value) ? BigInt(value) : null;
}

/**
 * Server-sent events for the front-desk board: replays what happened since `Last-Event-ID` (or
 * `?after=`), then streams live changes for the staff user's locations. Browsers reconnect on their
 * own and resume from the last id they saw, so a dropped connection loses nothing.
 */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, actor: staff, deps } = await staffContext(params.tenant, request.headers, ['front_desk', 'admin']);
  const database = deps.database;
  const resumeFrom =
    parseEventId(request.headers.get('last-event-id')) ??
    parseEventId(parseSearchParams(request, deskEventsQuerySchema).after ?? null) ??
    (await latestDeskEventId(database, tenant.id));
  const visible = (event: DeskEvent): boolean =>
    staff.locationIds.length === 0 || staff.locationIds.includes(event.locationId);
  const encoder = new TextEncoder();
  let cleanup = (): void => undefined;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastSent = resumeFrom;
      const send = (event: DeskEvent): void => {
        const id = BigInt(event.id);
        if (id <= lastSent || !visible(event)) return;
        lastSent = id;
        controller.enqueue(encoder.encode(`id: ${event.id}\nevent: desk\ndata: ${JSON.stringify(event)}\n\n`));
      };
      // Subscribe first, then replay, so nothing falls between the two; `lastSent` drops duplicates.
      const buffered: DeskEvent[] = [];
      let replaying = true;
      const unsubscribe = await deskEventHub(getConfig().DATABASE_URL).subscribe(tenant.id, (event) =>
        replaying ? buffered.push(event) : send(event),
      );
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      for (const event of await listDeskEventsSince(database, {
        tenantId: tenant.id,
        locationIds: staff.locationIds,
        afterId: resumeFrom,
      }))
        send(event);
      replaying = false;
      buffered.forEach(send);
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
