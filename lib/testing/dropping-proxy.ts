/**
 * A loopback HTTP proxy in front of a FHIR server that can lose replies on purpose: a request chosen by
 * `dropReplyTo` is forwarded and processed by the server, but its answer never reaches the client (the
 * connection is cut), as when a network or a gateway fails mid-call.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface DroppingProxy {
  /** The proxy's origin; paths are forwarded unchanged to the target origin. */
  origin: string;
  /** How many replies were dropped so far. */
  dropped: () => number;
  close: () => Promise<void>;
}

export async function startDroppingProxy(
  targetOrigin: string,
  dropReplyTo: (request: { method: string; path: string; body: string }) => boolean,
): Promise<DroppingProxy> {
  let dropped = 0;
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const path = incoming.url ?? '/';
        const method = incoming.method ?? 'GET';
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers))
          if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value);
        const drop = dropReplyTo({ method, path, body: body.toString('utf8') });
        const answer = await fetch(`${targetOrigin}${path}`, {
          method,
          headers,
          ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
          redirect: 'manual',
        });
        const payload = Buffer.from(await answer.arrayBuffer());
        if (drop) {
          dropped += 1;
          incoming.socket.destroy();
          return;
        }
        const replyHeaders = Object.fromEntries(
          [...answer.headers.entries()].filter(([name]) => name !== 'content-encoding' && name !== 'content-length'),
        );
        outgoing.writeHead(answer.status, replyHeaders);
        outgoing.end(payload);
      })().catch(() => incoming.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    dropped: () => dropped,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
