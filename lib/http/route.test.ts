import { NextRequest, NextResponse } from 'next/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { defineRoute, parseJsonBody, type ErrorBody } from './route';

const noParams = { params: Promise.resolve({}) };

describe('route handlers', () => {
  it('map an AppError to its status with a JSON body naming the request', async () => {
    const route = defineRoute(() => Promise.reject(new AppError('not_found', 'booking.appointmentNotFound')));
    const response = await route(
      new NextRequest('http://localhost/api/x', { headers: { 'x-request-id': 'req-12345678' } }),
      noParams,
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-12345678');
    expect(await response.json()).toEqual({
      error: {
        code: 'not_found',
        reason: 'booking.appointmentNotFound',
        message: 'We could not find that appointment.',
        requestId: 'req-12345678',
      },
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
      error: { code: 'invalid_input', reason: 'request.badJson', message: 'The request body must be valid JSON.' },
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

  it('answer in the request’s language: locale cookie first, then Accept-Language, English otherwise', async () => {
    const route = defineRoute(() =>
      Promise.reject(new AppError('invalid_input', 'booking.tooManyUpcoming', { params: { limit: 2 } })),
    );
    const answer = async (headers: Record<string, string>): Promise<ErrorBody['error']> =>
      ((await (await route(new NextRequest('http://localhost/api/x', { headers }), noParams)).json()) as ErrorBody)
        .error;
    expect(await answer({ 'accept-language': 'es-MX,es;q=0.9' })).toMatchObject({
      code: 'invalid_input',
      reason: 'booking.tooManyUpcoming',
      params: { limit: 2 },
      message: 'Ya hay 2 citas próximas de este tipo. Cancele una primero o llame a la clínica.',
    });
    expect((await answer({ 'accept-language': 'es', cookie: 'other=1; locale=zh' })).message).toBe(
      '此类就诊已有 2 个即将到来的预约。请先取消一个或致电诊所。',
    );
    expect((await answer({ 'accept-language': 'fr-FR' })).message).toBe(
      'There are already 2 upcoming appointments of this kind. Please cancel one first or call the clinic.',
    );
  });

  it('translate field problems by their kind, and a schema’s own message when it is a catalogue key', async () => {
    const schema = z.object({
      reason: z.string().max(10),
      memberId: z.string().regex(/^\d+$/, 'field.memberIdFormat'),
      note: z.string().regex(/^\d+$/, 'free text that no catalogue has'),
      count: z.number(),
    });
    const route = defineRoute(async (request) => NextResponse.json(await parseJsonBody(request, schema)));
    const response = await route(
      new NextRequest('http://localhost/api/x', {
        method: 'POST',
        headers: { 'accept-language': 'zh-CN' },
        body: JSON.stringify({ reason: 'x'.repeat(11), memberId: 'A B', note: 'x' }),
      }),
      noParams,
    );
    expect(await response.json()).toMatchObject({
      error: {
        reason: 'request.invalidFields',
        message: '有些信息缺失或无效。',
        details: {
          reason: '太长：最多 10 个字符。',
          memberId: '会员号只能包含字母、数字和连字符（2 到 30 个）。',
          note: '格式不正确。',
          count: '必填。',
        },
      },
    });
  });

  it('translate the cross-site refusal and the generic 500 too', async () => {
    const refused = await defineRoute(() => Promise.resolve(NextResponse.json({ ok: true })))(
      new NextRequest('http://localhost/api/x', {
        method: 'POST',
        headers: { origin: 'https://evil.example', host: 'localhost', 'accept-language': 'es' },
      }),
      noParams,
    );
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'forbidden',
        reason: 'request.crossSite',
        message: 'Esta solicitud vino de otro sitio y fue rechazada.',
      },
    });
    const failed = await defineRoute(() => Promise.reject(new Error('boom')))(
      new NextRequest('http://localhost/api/x', { headers: { 'accept-language': 'zh' } }),
      noParams,
    );
    expect(await failed.json()).toMatchObject({
      error: { code: 'internal', reason: 'request.internal', message: '我们这边出了问题。请重试。' },
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
  it('refuse a NUL byte in any text field with a 400 naming the field, before the schema runs', async () => {
    const route = defineRoute(async (request) =>
      NextResponse.json(await parseJsonBody(request, z.object({ given: z.string() }))),
    );
    const response = await route(
      new NextRequest('http://localhost/api/x', { method: 'POST', body: JSON.stringify({ given: 'Ana\u0000' }) }),
      noParams,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { reason: 'request.controlCharacters', details: { given: 'Must not contain control characters.' } },
    });
  });

  it('answer a 20 MB body with 413 and a message that says how much is accepted', async () => {
    const route = defineRoute(async (request) => NextResponse.json(await parseJsonBody(request, z.unknown())));
    const huge = JSON.stringify({ given: 'x'.repeat(20 * 1024 * 1024) });
    const declared = await route(
      new NextRequest('http://localhost/api/x', {
        method: 'POST',
        body: huge,
        headers: { 'content-length': '20971530' },
      }),
      noParams,
    );
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({
      error: { reason: 'request.bodyTooLarge', message: 'The request is too large: at most 64 KB.' },
    });
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    const undeclared = await route(
      new NextRequest('http://localhost/api/x', { method: 'POST', body: streamed, duplex: 'half' } as {
        method: string;
        body: ReadableStream<Uint8Array>;
      }),
      noParams,
    );
    expect(undeclared.status).toBe(413);
  });

  it('refuse an id path segment of 5,000 characters with a 400 before the handler sees it', async () => {
    let called = false;
    const route = defineRoute<{ id: string }>(() => {
      called = true;
      return Promise.resolve(NextResponse.json({}));
    });
    const response = await route(new NextRequest('http://localhost/api/x'), {
      params: Promise.resolve({ id: 'a'.repeat(5000) }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { reason: 'request.idInvalid' } });
    expect(called).toBe(false);
  });
});
