/**
 * The app's rest-hook notification endpoint (POST /api/sync/notifications/{key}) on a loopback port,
 * served by the same use-case as the route handler, for tests and benchmarks in which the sandbox
 * notifies the app: 204 when a run was queued, 404 for an unknown subscription, 401 for a wrong secret.
 */
import { createServer } from 'node:http';
import type { Database } from '@/lib/db/client';
import { AppError, httpStatusFor } from '@/lib/errors';
import { receiveChangeNotification } from '@/lib/sync/receive-change-notification';

export interface ChangeNotificationEndpoint {
  /** The app base URL to give the sync (`appBaseUrl`). */
  origin: string;
  close: () => Promise<void>;
}

export async function startChangeNotificationEndpoint(
  database: Database,
  queueRun: (tenantId: string) => Promise<void>,
): Promise<ChangeNotificationEndpoint> {
  const server = createServer((request, response) => {
    const key = /^\/api\/sync\/notifications\/([^/?]+)$/.exec(request.url ?? '')?.[1] ?? '';
    receiveChangeNotification(database, { key, authorization: request.headers.authorization ?? null }, queueRun).then(
      () => response.writeHead(204).end(),
      (error: unknown) => response.writeHead(error instanceof AppError ? httpStatusFor(error.code) : 500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
