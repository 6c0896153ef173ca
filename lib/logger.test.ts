import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS } from './security/secrets';
import { CENSORED_FIELDS, createLogger } from './logger';

const PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-test-key\n-----END PRIVATE KEY-----\n';
const BEARER = 'ehr-bearer-token-0123456789';
const CLIENT_SECRET = 'ehr-client-secret-0123456789';
const X12_PASSWORD = 'clearinghouse-password-42';

/** What one call to the app's logger writes. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  write(createLogger({ level: 'info', destination }));
  return text;
}

describe('the log', () => {
  it('censors every field that holds a clinic secret at rest', () => {
    expect([...SECRET_FIELDS].filter((field) => !CENSORED_FIELDS.has(field))).toEqual([]);
  });

  it('censors clinic secrets at any depth: a whole clinic logged by mistake, a bare token', () => {
    const tenant = {
      slug: 'lakeside',
      fhirAuth: {
        type: 'smart-private-key-jwt',
        clientId: 'scheduling',
        privateKeyPem: PRIVATE_KEY,
        keyId: 'k1',
      },
      insuranceSettings: {
        eligibility: {
          kind: 'x12',
          username: 'clinic',
          password: X12_PASSWORD,
          fhir: { auth: { type: 'bearer', token: BEARER } },
        },
      },
      providers: [{ auth: { type: 'smart-client-secret', clientSecret: CLIENT_SECRET } }],
    };
    const text = logged((logger) => {
      logger.info({ tenant }, 'clinic loaded');
      logger.warn({ token: BEARER, privateKeyPem: PRIVATE_KEY }, 'top level');
      logger.info({ request: { headers: { authorization: `Bearer ${BEARER}` } } }, 'outgoing call');
    });
    for (const secret of [BEARER, CLIENT_SECRET, X12_PASSWORD, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'])
      expect(text).not.toContain(secret);
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      msg: 'clinic loaded',
      tenant: {
        slug: 'lakeside',
        fhirAuth: { clientId: 'scheduling', privateKeyPem: '[redacted]', keyId: 'k1' },
        insuranceSettings: {
          eligibility: { username: 'clinic', password: '[redacted]', fhir: { auth: { token: '[redacted]' } } },
        },
        providers: [{ auth: { clientSecret: '[redacted]' } }],
      },
    });
    expect(lines[1]).toMatchObject({ token: '[redacted]', privateKeyPem: '[redacted]' });
    expect(lines[2]).toMatchObject({ request: { headers: { authorization: '[redacted]' } } });
  });

  it('keeps what is not a secret, and errors as errors', () => {
    const text = logged((logger) => logger.error({ err: new Error('EHR unreachable'), worker: 'sync' }, 'failed'));
    const line = JSON.parse(text) as { err: { message: string; type: string }; worker: string };
    expect(line.worker).toBe('sync');
    expect(line.err).toMatchObject({ type: 'Error', message: 'EHR unreachable' });
  });
});
