import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientAssertion } from './auth';

describe('SMART private-key JWT client assertions', () => {
  it.each(['RS384', 'ES384'] as const)(
    'are signed with %s and carry the claims SMART Backend Services require',
    (algorithm) => {
      const { privateKey, publicKey } =
        algorithm === 'RS384'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const jwt = clientAssertion(
        {
          type: 'smart-private-key-jwt',
          tokenUrl: 'https://ehr.example/token',
          clientId: 'scheduling-app',
          keyId: 'key-1',
          algorithm,
          scope: 'system/*.read',
          privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
        Date.UTC(2026, 10, 24),
      );
      const [header = '', claims = '', signature = ''] = jwt.split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
        alg: algorithm,
        kid: 'key-1',
        typ: 'JWT',
      });
      const payload = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
      expect(payload).toMatchObject({
        iss: 'scheduling-app',
        sub: 'scheduling-app',
        aud: 'https://ehr.example/token',
        exp: Date.UTC(2026, 10, 24) / 1000 + 300,
      });
      expect(payload.jti).toEqual(expect.any(String));
      const valid = verify(
        'sha384',
        Buffer.from(`${header}.${claims}`),
        algorithm === 'ES384' ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : publicKey,
        Buffer.from(signature, 'base64url'),
      );
      expect(valid).toBe(true);
    },
  );
});
