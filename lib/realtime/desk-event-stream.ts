/**
 * A front-desk board's server-sent event stream (`GET /api/{clinic}/desk/events`): a `retry` hint,
 * then the clinic's desk events for the staff user's locations from `afterId` on (replayed, then
 * live; lib/realtime/desk-events.ts), and a heartbeat comment every {@link HEARTBEAT_MS}, so that
 * proxies and load balancers never close a quiet board's connection as idle. Ends when `signal`
 * aborts (the browser went away) or the reader cancels.
 */
import type { Database } from '@/lib/db/client';
import { followDeskEvents, type DeskEventHub } from './desk-events';

export const HEARTBEAT_MS = 15_000;

export function deskEventStream(options: {
  database: Database;
  hub: DeskEventHub;
  tenantId: string;
  /** The staff user's locations; empty means all. */
  locationIds: readonly string[];
  afterId: bigint;
  signal: AbortSignal;
  /** For tests; {@link HEARTBEAT_MS} by default. */
  heartbeatMs?: number;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = (): void => undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      const unsubscribe = await followDeskEvents({
        database: options.database,
        hub: options.hub,
        tenantId: options.tenantId,
        locationIds: options.locationIds,
        afterId: options.afterId,
        onEvent: (event) =>
          controller.enqueue(encoder.encode(`id: ${event.id}\nevent: desk\ndata: ${JSON.stringify(event)}\n\n`)),
      });
      const heartbeat = setInterval(
        () => controller.enqueue(encoder.encode(`: heartbeat\n\n`)),
        options.heartbeatMs ?? HEARTBEAT_MS,
      );
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      const end = (): void => {
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      if (options.signal.aborted) end();
      else options.signal.addEventListener('abort', end);
    },
    cancel() {
      cleanup();
    },
  });
}
