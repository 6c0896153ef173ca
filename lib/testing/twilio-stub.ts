/**
 * A loopback stand-in for Twilio's REST API (the Messages endpoint), for the real twilio SDK to talk
 * to in tests and benchmarks. It can fail on purpose and sends status callbacks signed with Twilio's
 * real algorithm to the URL each message names.
 */
import { createServer } from 'node:http';
import twilio from 'twilio';

export interface StubMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  receivedAt: number;
}

export interface TwilioStub {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  messages: StubMessage[];
  /** The next `count` requests answer with `status` (e.g. 429, 500, 503). */
  failNext: (status: number, count: number, code?: number) => void;
  /** Messages to this E.164 number answer with `status`, `remaining` times (Infinity: until cleared). */
  failFor: Map<string, { status: number; remaining: number; code?: number }>;
  /** Posts a signed status callback for a message to its statusCallback URL. */
  sendStatus: (
    sid: string,
    status: 'sent' | 'delivered' | 'undelivered' | 'failed',
    options?: { signatureOverride?: string; errorCode?: string },
  ) => Promise<number>;
  close: () => Promise<void>;
}

export async function startTwilioStub(): Promise<TwilioStub> {
  const accountSid = `AC${'0'.repeat(30)}1`;
  const authToken = 'stub-auth-token-0123456789abcdef';
  const messages: StubMessage[] = [];
  const failures: { status: number; code: number | undefined }[] = [];
  const failFor = new Map<string, { status: number; remaining: number; code?: number }>();
  let counter = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const json = (status: number, payload: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (!request.url?.match(/\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/) || request.method !== 'POST')
        return json(404, { code: 20404, message: 'Not found', status: 404 });
      const params = new URLSearchParams(body);
      const to = params.get('To') ?? '';
      let failure = failures.shift();
      const forRecipient = failFor.get(to);
      if (!failure && forRecipient) {
        failure = { status: forRecipient.status, code: forRecipient.code };
        forRecipient.remaining -= 1;
        if (forRecipient.remaining <= 0) failFor.delete(to);
      }
      if (failure)
        return json(failure.status, {
          code: failure.code ?? failure.status * 100,
          message: 'Stubbed failure',
          status: failure.status,
        });
      if (!/^\+\d{8,15}$/.test(to))
        return json(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
      counter += 1;
      const message: StubMessage = {
        sid: `SM${String(counter).padStart(32, '0')}`,
        to,
        from: params.get('From'),
        messagingServiceSid: params.get('MessagingServiceSid'),
        body: params.get('Body') ?? '',
        statusCallback: params.get('StatusCallback'),
        receivedAt: Date.now(),
      };
      messages.push(message);
      return json(201, {
        sid: message.sid,
        status: 'queued',
        to: message.to,
        from: message.from,
        body: message.body,
        account_sid: accountSid,
        date_created: new Date().toUTCString(),
        num_segments: '1',
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    baseUrl,
    accountSid,
    authToken,
    messages,
    failFor,
    failNext: (status, count, code) => {
      for (let index = 0; index < count; index += 1) failures.push({ status, code });
    },
    sendStatus: async (sid, status, options = {}) => {
      const message = messages.find((candidate) => candidate.sid === sid);
      if (!message?.statusCallback) throw new Error(`no status callback for ${sid}`);
      const params: Record<string, string> = {
        MessageSid: sid,
        MessageStatus: status,
        AccountSid: accountSid,
        To: message.to,
        ...(options.errorCode ? { ErrorCode: options.errorCode } : {}),
      };
      const signature =
        options.signatureOverride ?? twilio.getExpectedTwilioSignature(authToken, message.statusCallback, params);
      const response = await fetch(message.statusCallback, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      });
      return response.status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
