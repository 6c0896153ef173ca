import { NextRequest, NextResponse } from 'next/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody } from './route';

const noParams = { params: Promise.resolve({}) };

describe('route handlers', () => {
  it('map an AppError to its status with a JSON body naming the request', async () => {
    const route = defineRoute(() => Promise.reject(new AppError('not_found', 'No such appointment.')));
    const response = await route(
      new NextRequest('http://localhost/api/x', { headers: { 'x-request-id': 'req-12345678' } }),
      noParams,
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-12345678');
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No such appointment.', requestId: 'req-12345678' },
    });
  });

  it('turn an unexpected failure into a 500 that leaks nothing', async () => {
    const route = defineRoute(() => Promise.reject(new Error('connection string postgres://secret@db')));
    const response = await route(new NextRequest('http://localhost/api/x'), noParams);
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('secret');
  });

  it('answer bad JSON and bad fields with a 400 that says what is wrong', async () => {
    const schema = z.object({ reason: z.string().max(10) });
    const route = defineRoute(async (request) => NextResponse.json(await parseJsonBody(request, schema)));
    const badJson = await route(new NextRequest('http://localhost/api/x', { method: 'POST', body: '{nope' }), noParams);
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({
      error: { code: 'invalid_input', message: 'The request body must be valid JSON.' },
    });
    const badField = await route(
      new NextRequest('http://localhost/api/x', { method: 'POST', body: JSON.stringify({ reason: 'x'.repeat(11) }) }),
      noParams,
    );
    expect(badField.status).toBe(400);
    expect(await badField.json()).toMatchObject({
      error: { details: { reason: expect.stringMatching(/10/) as unknown } },
    });
  });

  it('refuse a mutation sent from another site, and let the same site through', async () => {
    const route = defineRoute(() => Promise.resolve(NextResponse.json({ ok: true })));
    const crossSite = await route(
      new NextRequest('http://localhost/api/x', {
        method: 'POST',
        headers: { origin: 'https://evil.example', host: 'localhost' },
      }),
      noParams,
    );
    expect(crossSite.status).toBe(403);
    const sameSite = await route(
      new NextRequest('http://localhost/api/x', {
        method: 'POST',
        headers: { origin: 'http://localhost', host: 'localhost' },
      }),
      noParams,
    );
    expect(sameSite.status).toBe(200);
    const webhook = await route(new NextRequest('http://localhost/api/x', { method: 'POST' }), noParams);
    expect(webhook.status).toBe(200);
  });
});
