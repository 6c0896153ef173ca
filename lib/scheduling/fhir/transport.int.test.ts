import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { runWithRequestContext } from '@/lib/request-context';
import { TokenSource } from './auth';
import { EndpointResilience, type ResilienceOptions } from './resilience';
import { FhirTransport } from './transport';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;
interface Stub {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close: () => Promise<void>;
}
const stubs: Stub[] = [];

/** A loopback stand-in for an EHR that misbehaves on purpose. */
async function stub(handler: Handler): Promise<Stub> {
  const requests: Stub['requests'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const result = {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fhir`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  stubs.push(result);
  return result;
}

afterEach(async () => {
  await Promise.all(stubs.splice(0).map((server) => server.close()));
});

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
  response.end(JSON.stringify(body));
}

const patient = { resourceType: 'Patient', id: 'p1', meta: { versionId: '3' } };

function transport(
  server: Stub,
  options: { tokens?: TokenSource; resilience?: Partial<ResilienceOptions> } = {},
): FhirTransport {
  return new FhirTransport({
    baseUrl: server.url,
    tokens: options.tokens ?? new TokenSource({ type: 'none' }, 2000),
    resilience: new EndpointResilience({
      callTimeoutMs: 4000,
      attemptTimeoutMs: 2000,
      backoffMs: 10,
      ...options.resilience,
    }),
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the FHIR transport', () => {
  it('sends the request id and reads the ETag', async () => {
    const server = await stub((_request, response) => json(response, 200, patient, { etag: 'W/"3"' }));
    const result = await runWithRequestContext({ requestId: 'req-transport-1' }, () =>
      transport(server).read('Patient/p1'),
    );
    expect(result.etag).toBe('W/"3"');
    expect(server.requests[0]?.headers['x-request-id']).toBe('req-transport-1');
  });

  it('retries a read after 429, honouring Retry-After, then succeeds', async () => {
    let calls = 0;
    const server = await stub((_request, response) =>
      ++calls === 1 ? json(response, 429, {}, { 'retry-after': '0' }) : json(response, 200, patient),
    );
    expect((await transport(server).read('Patient/p1')).body).toMatchObject({ id: 'p1' });
    expect(calls).toBe(2);
  });

  it('gives up on a read after bounded retries with "unavailable"', async () => {
    const server = await stub((_request, response) =>
      json(response, 500, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'exception', diagnostics: 'database on fire' }],
      }),
    );
    const error = await failure(transport(server).read('Patient/p1'));
    expect(error.code).toBe('unavailable');
    expect(error.message).not.toContain('database on fire');
    expect(server.requests).toHaveLength(3);
  });

  it('never retries a write that failed with 500, but retries one refused with 503', async () => {
    const server = await stub((_request, response) => json(response, 500, {}));
    expect(
      (await failure(transport(server).transaction({ resourceType: 'Bundle', type: 'transaction', entry: [] }))).code,
    ).toBe('unavailable');
    expect(server.requests).toHaveLength(1);
    let calls = 0;
    const busy = await stub((_request, response) =>
      ++calls === 1
        ? json(response, 503, {}, { 'retry-after': '0' })
        : json(response, 200, { resourceType: 'Bundle', type: 'transaction-response', entry: [] }),
    );
    expect((await transport(busy).transaction({ resourceType: 'Bundle', type: 'transaction', entry: [] })).type).toBe(
      'transaction-response',
    );
    expect(calls).toBe(2);
  });

  it('answers a server that accepts the connection and never replies within the call budget', async () => {
    const server = await stub(() => undefined);
    const started = Date.now();
    const error = await failure(
      transport(server, { resilience: { attemptTimeoutMs: 300, callTimeoutMs: 800 } }).read('Patient/p1'),
    );
    expect(error.code).toBe('unavailable');
    // One attempt timed out, a second was cut short by the call budget: well under two seconds, not minutes.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('answers a reply that is cut off mid-body as "unavailable", without a crash', async () => {
    const server = await stub((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.end('{"resourceType": "Patient", "id": "p1", "na');
    });
    const error = await failure(transport(server).read('Patient/p1'));
    expect(error.code).toBe('unavailable');
  });

  it('does not retry a write that timed out: its outcome is unknown', async () => {
    const server = await stub(() => undefined);
    const error = await failure(
      transport(server, { resilience: { attemptTimeoutMs: 200, callTimeoutMs: 2000 } }).transaction({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [],
      }),
    );
    expect(error.code).toBe('unavailable');
    expect(server.requests).toHaveLength(1);
  });

  it('maps 404, 412 and 400 to not_found, conflict and invalid_input', async () => {
    for (const [status, code] of [
      [404, 'not_found'],
      [412, 'conflict'],
      [400, 'invalid_input'],
    ] as const) {
      const server = await stub((_request, response) =>
        json(response, status, { resourceType: 'OperationOutcome', issue: [] }),
      );
      expect((await failure(transport(server).read('Patient/p1'))).code).toBe(code);
    }
  });

  it('fetches a client-credentials token, caches it, and refreshes it once after a 401', async () => {
    let tokens = 0;
    let fhirCalls = 0;
    const server = await stub((request, response) => {
      if (request.url?.endsWith('/token')) {
        tokens += 1;
        json(response, 200, { access_token: `token-${tokens}`, expires_in: 3600, token_type: 'bearer' });
      } else {
        fhirCalls += 1;
        if (request.headers.authorization === 'Bearer token-1' && fhirCalls === 2) json(response, 401, {});
        else json(response, 200, patient);
      }
    });
    const tokensSource = new TokenSource(
      {
        type: 'smart-client-secret',
        tokenUrl: `${server.url}/token`,
        clientId: 'app',
        clientSecret: 'secret',
        scope: 'system/*.read',
      },
      2000,
    );
    const fhir = transport(server, { tokens: tokensSource });
    await fhir.read('Patient/p1');
    await fhir.read('Patient/p1');
    expect(tokens).toBe(2);
    const tokenRequest = server.requests.find((request) => request.url.endsWith('/token'));
    expect(tokenRequest?.headers.authorization).toBe(`Basic ${Buffer.from('app:secret').toString('base64')}`);
    expect(
      server.requests
        .filter((request) => !request.url.endsWith('/token'))
        .map((request) => request.headers.authorization),
    ).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
  });

  it('opens the circuit after repeated failures and fails fast without calling the EHR', async () => {
    const server = await stub((_request, response) => json(response, 503, {}));
    const fhir = transport(server, { resilience: { maxRetries: 0, breakAfter: 3, halfOpenAfterMs: 60_000 } });
    for (let attempt = 0; attempt < 3; attempt += 1) await failure(fhir.read('Patient/p1'));
    const before = server.requests.length;
    const fast = await failure(fhir.read('Patient/p1'));
    expect(fast.code).toBe('unavailable');
    expect(fast.retryAfterSeconds).toBeGreaterThan(0);
    expect(server.requests.length).toBe(before);
  });

  it('lets one trial through after the pause: a success closes the circuit, a failure opens it again', async () => {
    let healthy = false;
    const server = await stub((_request, response) =>
      healthy ? json(response, 200, patient) : json(response, 503, {}),
    );
    const fhir = transport(server, { resilience: { maxRetries: 0, breakAfter: 2, halfOpenAfterMs: 150 } });
    for (let attempt = 0; attempt < 2; attempt += 1) await failure(fhir.read('Patient/p1'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await failure(fhir.read('Patient/p1'))).code).toBe('unavailable');
    const afterFailedTrial = server.requests.length;
    expect((await failure(fhir.read('Patient/p1'))).code).toBe('unavailable');
    expect(server.requests.length).toBe(afterFailedTrial);
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fhir.read('Patient/p1')).body).toMatchObject({ id: 'p1' });
    expect((await fhir.read('Patient/p1')).body).toMatchObject({ id: 'p1' });
  });

  it('counts a token failure during the trial as the trial failing, and recovers once the token works', async () => {
    let tokenWorks = true;
    let fhirWorks = false;
    const server = await stub((request, response) => {
      if (request.url?.endsWith('/token')) {
        if (tokenWorks) json(response, 200, { access_token: 'token', expires_in: 1, token_type: 'bearer' });
        else json(response, 500, {});
      } else if (fhirWorks) json(response, 200, patient);
      else json(response, 503, {});
    });
    const tokens = new TokenSource(
      { type: 'smart-client-secret', tokenUrl: `${server.url}/token`, clientId: 'app', clientSecret: 's' },
      1000,
    );
    const fhir = transport(server, { tokens, resilience: { maxRetries: 0, breakAfter: 2, halfOpenAfterMs: 150 } });
    for (let attempt = 0; attempt < 2; attempt += 1) await failure(fhir.read('Patient/p1'));
    // The trial meets a failing token endpoint (the cached token has expired by now).
    tokenWorks = false;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await failure(fhir.read('Patient/p1'))).code).toBe('unavailable');
    // The circuit is open again (not stuck half-open): the next call fails fast without any request.
    const before = server.requests.length;
    expect((await failure(fhir.read('Patient/p1'))).code).toBe('unavailable');
    expect(server.requests.length).toBe(before);
    // Everything works again: the next trial closes the circuit.
    tokenWorks = true;
    fhirWorks = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fhir.read('Patient/p1')).body).toMatchObject({ id: 'p1' });
  });

  it('turns a 403 from the EHR into "please call the clinic", not "try again"', async () => {
    const server = await stub((_request, response) =>
      json(response, 403, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'scope system/*.read does not allow create' }],
      }),
    );
    const error = await failure(transport(server).create({ resourceType: 'Patient' }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('call the clinic');
    expect(error.message).not.toContain('scope');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses to follow a page link to another server', async () => {
    const server = await stub((_request, response) =>
      json(response, 200, { resourceType: 'Bundle', type: 'searchset' }),
    );
    expect((await failure(transport(server).search('https://evil.example/fhir/Slot'))).code).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });
});
