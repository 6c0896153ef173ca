import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { bookingApi, slotAlternatives, slotTakenBodySchema } from './booking';
import { ApiError, callApi } from './client';
import { defineEndpoint } from './endpoint';
import { identityApi } from './identity';

const FALLBACK = 'Something went wrong. Please try again.';

interface Sent {
  url: string;
  method: string | undefined;
  headers: Headers;
  body: unknown;
}

/** Replaces fetch with one that records the request and answers `answer`. */
function stubFetch(answer: () => Response | Promise<Response>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}): Promise<Response> => {
    sent.push({
      url,
      method: init.method,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return answer();
  });
  return sent;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

async function failure(promise: Promise<unknown>): Promise<ApiError<unknown>> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const appointment = {
  id: 'a1',
  version: '1',
  status: 'booked',
  start: '2026-12-02T14:00:00.000Z',
  end: '2026-12-02T14:20:00.000Z',
  slotIds: ['s1'],
  patientId: 'p1',
  practitionerId: null,
  locationId: 'l1',
  serviceCode: 'pediatrics',
  reason: null,
  cancellationReason: null,
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('callApi', () => {
  it('sends the method, path, JSON body and headers, and answers the parsed success body', async () => {
    const sent = stubFetch(() => json(201, { appointment: { ...appointment, extra: 'dropped' } }));
    const result = await callApi(bookingApi.book, {
      params: { tenant: 'demo' },
      body: { forPatient: 'p1', slotId: 's1', slotVersion: '1' },
      headers: { 'idempotency-key': 'k'.repeat(32) },
      fallbackMessage: FALLBACK,
    });
    expect(result).toEqual({ appointment });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('/api/demo/appointments');
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(sent[0]?.headers.get('idempotency-key')).toBe('k'.repeat(32));
    expect(sent[0]?.body).toEqual({ forPatient: 'p1', slotId: 's1', slotVersion: '1' });
  });

  it('encodes path segments and query parameters, leaving out unset ones', async () => {
    const sent = stubFetch(() => json(200, { items: [], next: null, nextAvailable: null }));
    await callApi(bookingApi.slots, {
      params: { tenant: 'demo' },
      query: { service: 'pediatrics', location: undefined, from: '2026-12-02' },
      fallbackMessage: FALLBACK,
    });
    expect(sent[0]?.url).toBe('/api/demo/slots?service=pediatrics&from=2026-12-02');
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.headers.has('content-type')).toBe(false);
    const moved = stubFetch(() => json(200, { appointment }));
    await callApi(bookingApi.reschedule, {
      params: { tenant: 'demo', id: 'a/1?x' },
      body: { slotId: 's2', slotVersion: '3' },
      fallbackMessage: FALLBACK,
    });
    expect(moved[0]?.url).toBe('/api/demo/appointments/a%2F1%3Fx');
  });

  it('answers null for a 204', async () => {
    stubFetch(() => new Response(null, { status: 204 }));
    await expect(
      callApi(identityApi.logoutEverywhere, { params: { tenant: 'demo' }, fallbackMessage: FALLBACK }),
    ).resolves.toBeNull();
  });

  it('turns an error body into an ApiError carrying its code, reason, message, details and request id', async () => {
    stubFetch(() =>
      json(400, {
        error: {
          code: 'invalid_input',
          reason: 'registration.invalid_fields',
          params: { count: 2 },
          message: 'Algunos campos faltan o no son válidos.',
          details: { birthDate: 'not a possible date of birth', distanceMeters: 12 },
          requestId: 'req-12345678',
        },
      }),
    );
    const error = await failure(
      callApi(identityApi.register, { params: { tenant: 'demo' }, body: {}, fallbackMessage: FALLBACK }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_input');
    expect(error.reason).toBe('registration.invalid_fields');
    expect(error.params).toEqual({ count: 2 });
    expect(error.message).toBe('Algunos campos faltan o no son válidos.');
    expect(error.details).toEqual({ birthDate: 'not a possible date of birth', distanceMeters: 12 });
    expect(error.fieldErrors).toEqual({ birthDate: 'not a possible date of birth' });
    expect(error.requestId).toBe('req-12345678');
  });

  it('parses the 409 of a taken slot with its alternatives', async () => {
    const alternative = {
      id: 's9',
      version: '2',
      start: '2026-12-02T15:00:00.000Z',
      day: '2026-12-02',
      dayLabel: 'Wednesday, December 2',
      timeLabel: '9:00 AM',
      practitioner: 'Dr. Lee',
      location: null,
    };
    stubFetch(() =>
      json(409, {
        error: { code: 'conflict', message: 'Sorry, someone just took that time.', requestId: 'req-1' },
        alternatives: [alternative],
      }),
    );
    const error = await callApi(bookingApi.book, {
      params: { tenant: 'demo' },
      body: { forPatient: 'p1', slotId: 's1', slotVersion: '1' },
      fallbackMessage: FALLBACK,
    }).then(
      () => null,
      (reason: unknown) => reason,
    );
    if (!(error instanceof ApiError)) throw new Error('expected an ApiError');
    expect(error.status).toBe(409);
    expect(error.message).toBe('Sorry, someone just took that time.');
    expect(error.body).toEqual({
      error: { code: 'conflict', message: 'Sorry, someone just took that time.', requestId: 'req-1' },
      alternatives: [alternative],
    });
    expect(slotAlternatives(slotTakenBodySchema.parse(error.body))).toEqual([alternative]);
    expect(
      slotAlternatives({
        error: { code: 'conflict', message: 'Taken.', details: { alternatives: [alternative] }, requestId: 'r' },
      }),
    ).toEqual([alternative]);
    expect(slotAlternatives({ error: { code: 'conflict', message: 'Key reused.', requestId: 'r' } })).toBeUndefined();
  });

  it('gives the fallback message for a failure whose body is not an error body', async () => {
    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await failure(
      callApi(identityApi.reissueQr, { params: { tenant: 'demo' }, fallbackMessage: FALLBACK }),
    );
    expect(error.status).toBe(502);
    expect(error.code).toBe('unknown');
    expect(error.message).toBe(FALLBACK);
    expect(error.body).toBeNull();
    stubFetch(() => json(400, { error: { message: 'no code, no request id' } }));
    expect(
      (await failure(callApi(identityApi.reissueQr, { params: { tenant: 'demo' }, fallbackMessage: FALLBACK })))
        .message,
    ).toBe(FALLBACK);
  });

  it('refuses a success body that does not match the contract', async () => {
    stubFetch(() => json(201, { svg: '<svg/>' }));
    const error = await failure(
      callApi(identityApi.reissueQr, { params: { tenant: 'demo' }, fallbackMessage: FALLBACK }),
    );
    expect(error.status).toBe(201);
    expect(error.code).toBe('malformed_response');
    expect(error.message).toBe(FALLBACK);
    stubFetch(() => new Response('not json', { status: 200 }));
    expect(
      (await failure(callApi(identityApi.reissueQr, { params: { tenant: 'demo' }, fallbackMessage: FALLBACK }))).code,
    ).toBe('malformed_response');
  });

  it('turns a network failure into an ApiError with the fallback message', async () => {
    stubFetch(() => Promise.reject(new TypeError('fetch failed')));
    const error = await failure(
      callApi(identityApi.reissueQr, { params: { tenant: 'demo' }, fallbackMessage: FALLBACK }),
    );
    expect(error.status).toBe(0);
    expect(error.code).toBe('network');
    expect(error.message).toBe(FALLBACK);
  });

  it('lets a cancelled request reject as it did, not as a failure to show', async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    stubFetch(() => Promise.reject(abort));
    await expect(
      callApi(bookingApi.slots, {
        params: { tenant: 'demo' },
        query: { service: 'pediatrics' },
        signal: controller.signal,
        fallbackMessage: FALLBACK,
      }),
    ).rejects.toBe(abort);
  });

  it('reads text answers as text', async () => {
    const endpoint = defineEndpoint()({ method: 'GET', path: () => '/api/file', format: 'text', response: z.string() });
    stubFetch(() => new Response('BEGIN:VCALENDAR', { status: 200 }));
    await expect(callApi(endpoint, { params: {}, fallbackMessage: FALLBACK })).resolves.toBe('BEGIN:VCALENDAR');
  });
});
