/**
 * A loopback HTTP proxy in front of a FHIR server that can lose replies on purpose: a request chosen by
 * `dropReplyTo` is forwarded and processed by the server, but its answer never reaches the client (the
 * connection is cut), as when a network or a gateway fails mid-call. With `vendor` it also behaves like
 * a slow vendor API: a delay before each request and a rate limit (over it: 429 with Retry-After).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface DroppingProxy {
  /** The proxy's origin; paths are forwarded unchanged to the target origin. */
  origin: string;
  /** How many replies were dropped so far. */
  dropped: () => number;
  /** Requests forwarded and requests refused with 429 so far. */
  counts: () => { forwarded: number; throttled: number };
  close: () => Promise<void>;
}

export interface SlowVendor {
  /** Added before each request is forwarded. */
  delayMs: number;
  /** Requests admitted per second (a bucket of one second's worth); more get 429. */
  requestsPerSecond: number;
}

export async function startDroppingProxy(
  targetOrigin: string,
  dropReplyTo: (request: { method: string; path: string; body: string }) => boolean,
  vendor?: SlowVendor,
): Promise<DroppingProxy> {
  let dropped = 0;
  let forwarded = 0;
  let throttled = 0;
  let tokens = vendor?.requestsPerSecond ?? 0;
  let refilledAt = Date.now();
  const admit = (): boolean => {
    if (!vendor) return true;
    const now = Date.now();
    tokens = Math.min(vendor.requestsPerSecond, tokens + ((now - refilledAt) / 1000) * vendor.requestsPerSecond);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        if (!admit()) {
          throttled += 1;
          outgoing.writeHead(429, { 'retry-after': '1', 'content-type': 'application/fhir+json' });
          outgoing.end(
            JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled' }] }),
          );
          return;
        }
        forwarded += 1;
        if (vendor?.delayMs) await new Promise((resolve) => setTimeout(resolve, vendor.delayMs));
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
        let payload = Buffer.from(await answer.arrayBuffer());
        // A vendor's gateway names itself in links (as a Host-preserving proxy would make the server do).
        if (vendor) payload = Buffer.from(ownLinks(payload.toString('utf8'), targetOrigin, ownOrigin), 'utf8');
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
  const ownOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin: ownOrigin,
    dropped: () => dropped,
    counts: () => ({ forwarded, throttled }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Links to the target (under either loopback name) rewritten to the proxy, under the same name. */
function ownLinks(text: string, targetOrigin: string, ownOrigin: string): string {
  const target = new URL(targetOrigin);
  const own = new URL(ownOrigin);
  let rewritten = text;
  for (const host of ['127.0.0.1', 'localhost'])
    rewritten = rewritten.replaceAll(
      `${target.protocol}//${host}:${target.port}`,
      `${own.protocol}//${host}:${own.port}`,
    );
  return rewritten;
}
