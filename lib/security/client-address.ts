/**
 * Where a request really came from: the one function every rate limit, audit row and origin check uses.
 *
 * Route handlers cannot see the TCP socket, and Next's own server copies any client-sent
 * `X-Forwarded-For` through untouched. So the app's HTTP server (lib/server/http-server.ts, used by
 * `npm start`, `npm run dev` and the browser tests) writes the socket's peer address into
 * `PEER_ADDRESS_HEADER` on every request, replacing whatever copy a client sent, and marks the process
 * so that the header is believed only when that server is in front. Forwarded headers
 * (`X-Forwarded-For`, `-Host`) count only when the peer is one of `TRUSTED_PROXIES`; the
 * forwarded chain is walked right to left past trusted hops, so a client cannot prepend a fake address.
 */
import { normalizeAddress, type TrustedProxies } from '@/lib/net/addresses';

export { parseTrustedProxies, type TrustedProxies } from '@/lib/net/addresses';

/** Set by the app's HTTP server from the socket; any incoming copy is overwritten. */
export const PEER_ADDRESS_HEADER = 'x-app-peer-address';

const SERVER_MARK = Symbol.for('fhir-scheduling.peer-address-server');

/** Called by the app's HTTP server once it is the one receiving connections in this process. */
export function markPeerAddressServer(): void {
  (globalThis as Record<symbol, unknown>)[SERVER_MARK] = true;
}

function peerHeaderIsOurs(): boolean {
  return (globalThis as Record<symbol, unknown>)[SERVER_MARK] === true;
}

type HeaderSource = Pick<Headers, 'get'>;

/** The socket peer, as the app's HTTP server recorded it (undefined without that server in front). */
export function peerAddress(headers: HeaderSource): string | undefined {
  return peerHeaderIsOurs() ? normalizeAddress(headers.get(PEER_ADDRESS_HEADER)) : undefined;
}

/**
 * The client's address: the socket peer, or, when the peer is a trusted proxy, the right-most
 * `X-Forwarded-For` hop that is not itself a trusted proxy. Undefined when the peer is unknown.
 */
export function clientAddress(headers: HeaderSource, trusted: TrustedProxies): string | undefined {
  let address = peerAddress(headers);
  if (!address) return undefined;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim());
  for (let index = hops.length - 1; index >= 0 && trusted.has(address); index--) {
    const hop = normalizeAddress(hops[index]);
    if (!hop) break;
    address = hop;
  }
  return address;
}

function lastHop(value: string | null): string | undefined {
  return value?.split(',').at(-1)?.trim() || undefined;
}

/** The host the browser addressed: `X-Forwarded-Host` only from a trusted proxy, else `Host`. */
export function requestHost(headers: HeaderSource, trusted: TrustedProxies): string | undefined {
  const peer = peerAddress(headers);
  const forwarded = peer && trusted.has(peer) ? lastHop(headers.get('x-forwarded-host')) : undefined;
  return forwarded ?? headers.get('host') ?? undefined;
}

/** Loopback peers (127.0.0.0/8, ::1): the only ones development tools answer. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.'));
}
