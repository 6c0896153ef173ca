/**
 * The app's HTTP server: Next's request handler behind a plain Node server that records each
 * request's socket peer in `PEER_ADDRESS_HEADER` (replacing any copy a client sent), so that
 * lib/security/client-address.ts can tell the real client from a forged `X-Forwarded-For`.
 * `npm start`, `npm run dev` and the browser tests all serve through it (scripts/serve.ts).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { markPeerAddressServer, PEER_ADDRESS_HEADER } from '@/lib/security/client-address';

/** Overwrites the peer header with the socket's address; a client cannot choose what it says. */
export function recordPeerAddress(request: IncomingMessage): void {
  request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '';
}

/** A Node HTTP server that records the peer address before `handle` sees the request. */
export function createPeerRecordingServer(
  handle: (request: IncomingMessage, response: ServerResponse) => unknown,
): Server {
  markPeerAddressServer();
  const listener: RequestListener = (request, response) => {
    recordPeerAddress(request);
    void Promise.resolve(handle(request, response)).catch((error: unknown) => {
      console.error('request failed before reaching the app', error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  };
  const server = createServer(listener);
  // Idle keep-alive connections outlive the clients' and proxies' own idle timeouts (often 60 s): with
  // Node's default of 5 s, a client reusing a connection the server has just closed gets ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/**
 * Where the server listens when HOST is unset: loopback in development (the development outbox and
 * the dev server must not be reachable from the network), every interface otherwise.
 */
export function defaultListenHost(appEnv: string | undefined): string {
  return appEnv === 'production' ? '0.0.0.0' : '127.0.0.1';
}
