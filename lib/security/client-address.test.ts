import { describe, expect, it } from 'vitest';
import {
  clientAddress,
  markPeerAddressServer,
  parseTrustedProxies,
  PEER_ADDRESS_HEADER,
  requestHost,
} from './client-address';
import { trustedProxiesSchema } from '@/lib/net/addresses';

markPeerAddressServer();

function headersFrom(peer: string | undefined, extra: Record<string, string> = {}): Headers {
  return new Headers({ ...(peer ? { [PEER_ADDRESS_HEADER]: peer } : {}), ...extra });
}

describe('client address', () => {
  const none = parseTrustedProxies(undefined);
  const lb = parseTrustedProxies('10.0.0.0/8, 192.168.1.7, fd00::/8');

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(headersFrom('203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }), none)).toBe('203.0.113.9');
    expect(clientAddress(headersFrom('::ffff:203.0.113.9'), none)).toBe('203.0.113.9');
  });

  it('walks X-Forwarded-For right to left past trusted proxies only', () => {
    const forged = headersFrom('10.1.2.3', { 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 192.168.1.7' });
    expect(clientAddress(forged, lb)).toBe('198.51.100.4');
    expect(clientAddress(headersFrom('10.1.2.3', { 'x-forwarded-for': 'garbage' }), lb)).toBe('10.1.2.3');
    expect(clientAddress(headersFrom('198.51.100.4', { 'x-forwarded-for': '6.6.6.6' }), lb)).toBe('198.51.100.4');
  });

  it('is unknown without the peer header of the app server', () => {
    expect(clientAddress(headersFrom(undefined, { 'x-forwarded-for': '1.2.3.4' }), lb)).toBeUndefined();
  });

  it('takes X-Forwarded-Host only from a trusted proxy', () => {
    const headers = { host: 'app.example', 'x-forwarded-host': 'evil.example' };
    expect(requestHost(headersFrom('203.0.113.9', headers), lb)).toBe('app.example');
    expect(requestHost(headersFrom('10.0.0.5', { ...headers, 'x-forwarded-host': 'book.clinic.example' }), lb)).toBe(
      'book.clinic.example',
    );
  });

  it('refuses a malformed TRUSTED_PROXIES entry with a message saying what is expected', () => {
    const result = trustedProxiesSchema.safeParse('10.0.0.0/33');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/not an IP address or CIDR range.*10\.0\.0\.0\/8/);
  });
});
