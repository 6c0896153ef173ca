import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { isCrossSiteMutation } from '@/lib/http/route';
import { consumeRateLimit } from '@/lib/security/rate-limit';
import { parseTrustedProxies, type TrustedProxies } from '@/lib/security/client-address';
import { testDatabase } from '@/lib/testing/database';
import { DevOutboxChannel } from '@/lib/notify/channels/dev-outbox';
import { assertOutboxAvailable } from '@/lib/notify/outbox';
import { createPeerRecordingServer, defaultListenHost } from './http-server';

const database = testDatabase();
let trusted: TrustedProxies = parseTrustedProxies(undefined);

/** The app's server in front of a handler that answers what the app would conclude about the client. */
const server = createPeerRecordingServer(async (request, response) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
  const origin = requestOriginFrom(headers, trusted);
  const limit = await consumeRateLimit(
    database,
    { name: `probe:${request.url ?? ''}`, limit: 3, windowSeconds: 60 },
    'tenant-x',
    origin.ip ?? 'unknown',
  );
  const crossSite = isCrossSiteMutation(new Request('http://internal/x', { method: 'POST', headers }), trusted);
  let outbox = true;
  try {
    assertOutboxAvailable(headers, trusted);
  } catch {
    outbox = false;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ ip: origin.ip, allowed: limit.allowed, crossSite, outbox }));
});
let base = '';

beforeAll(async () => {
  // The outbox check reads the server configuration: a development deployment on the test database.
  process.env.APP_ENV = 'development';
  process.env.DATABASE_URL ??= inject('databaseUrl');
  process.env.NEXTAUTH_SECRET ??= 'a-test-secret-of-at-least-thirty-two-characters';
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function probe(path: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  return (await (await fetch(`${base}${path}`, { headers })).json()) as Record<string, unknown>;
}

describe('the client address behind the app server', () => {
  it('ignores a direct client’s rotating X-Forwarded-For: the limit holds, the socket peer is recorded', async () => {
    trusted = parseTrustedProxies(undefined);
    const answers = [];
    for (let index = 0; index < 5; index++)
      answers.push(
        await probe('/rotate', { 'x-forwarded-for': `198.51.100.${index}`, 'x-app-peer-address': '1.1.1.1' }),
      );
    expect(answers.map((answer) => answer.ip)).toEqual(Array(5).fill('127.0.0.1'));
    expect(answers.map((answer) => answer.allowed)).toEqual([true, true, true, false, false]);
  });

  it('believes X-Forwarded-For from a trusted proxy, right-most untrusted hop first', async () => {
    trusted = parseTrustedProxies('127.0.0.1/32');
    const answer = await probe('/trusted', { 'x-forwarded-for': '6.6.6.6, 203.0.113.50' });
    expect(answer.ip).toBe('203.0.113.50');
  });

  it('ignores X-Forwarded-Host from anyone but a trusted proxy in the origin check', async () => {
    trusted = parseTrustedProxies(undefined);
    const forged = await probe('/host', {
      origin: 'https://evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expect(forged.crossSite).toBe(true);
    trusted = parseTrustedProxies('127.0.0.1');
    const proxied = await probe('/host', { origin: 'https://book.example', 'x-forwarded-host': 'book.example' });
    expect(proxied.crossSite).toBe(false);
  });

  it('serves the development outbox to loopback clients only, and listens on loopback in development', async () => {
    trusted = parseTrustedProxies('127.0.0.1');
    expect((await probe('/outbox', {})).outbox).toBe(true);
    expect((await probe('/outbox', { 'x-forwarded-for': '203.0.113.9' })).outbox).toBe(false);
    expect(defaultListenHost(undefined)).toBe('127.0.0.1');
    expect(defaultListenHost('development')).toBe('127.0.0.1');
    expect(defaultListenHost('production')).toBe('0.0.0.0');
  });

  it('never prints a message’s text (codes, QR links) to the development console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await new DevOutboxChannel('sms').send({
      notificationId: 'n-1',
      to: '+13125550188',
      text: 'Lakeside: your login code is 246810. Quick login: http://localhost:3000/demo/qr#tok',
      from: '+13125550100',
    });
    const printed = warn.mock.calls.flat().join(' ');
    warn.mockRestore();
    expect(printed).toContain('/dev/outbox');
    expect(printed).not.toContain('246810');
    expect(printed).not.toContain('qr#');
  });
});
