import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { reencryptTenantSecrets } from '@/lib/tenancy/reencrypt-tenant-secrets';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import {
  decryptSecret,
  encryptSecret,
  generateSecretsKey,
  keyRingFromEnv,
  secretKeyId,
  SecretsKeyError,
} from './secrets';

const database = testDatabase();
const CLIENT_SECRET = 'ehr-client-secret-0123456789';
const X12_PASSWORD = 'clearinghouse-password-42';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function clinicWithSecrets(): Promise<string> {
  const slug = uniqueSlug('secrets');
  await createTenant(database, {
    slug,
    displayName: 'Secrets Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
    fhirAuth: {
      type: 'smart-client-secret',
      tokenUrl: 'https://ehr.example/token',
      clientId: 'scheduling',
      clientSecret: CLIENT_SECRET,
    },
    insuranceSettings: {
      payers: [{ payerId: 'acme', name: 'Acme Health', ehrPayerId: 'ACME1' }],
      eligibility: {
        kind: 'x12',
        endpoint: 'https://clearinghouse.example/270',
        username: 'clinic',
        password: X12_PASSWORD,
        senderId: 'CLINIC',
        receiverId: 'CLEARING',
        providerName: 'Secrets Clinic',
        providerNpi: '1234567893',
      },
    },
  });
  return slug;
}

async function storedRow(slug: string): Promise<string> {
  const rows = await database.$queryRaw<{ secrets: string }[]>`
    SELECT "fhirAuth"::text || "insuranceSettings"::text AS secrets FROM "Tenant" WHERE slug = ${slug}`;
  return rows[0]?.secrets ?? '';
}

describe('clinic secrets at rest', () => {
  it('are stored encrypted (AES-256-GCM, with the key id) and read back in the clear by the app', async () => {
    const slug = await clinicWithSecrets();
    const stored = await storedRow(slug);
    expect(stored).not.toContain(CLIENT_SECRET);
    expect(stored).not.toContain(X12_PASSWORD);
    expect(stored).toMatch(/"clientSecret": "enc:v1:test:/);
    expect(stored).toMatch(/"password": "enc:v1:test:/);
    expect(stored).toContain('"clientId": "scheduling"');

    const tenant = await getTenantBySlug(database, slug);
    expect(tenant?.fhirAuth).toMatchObject({ type: 'smart-client-secret', clientSecret: CLIENT_SECRET });
    expect(tenant?.insuranceSettings.eligibility).toMatchObject({ kind: 'x12', password: X12_PASSWORD });
  });

  it('store a private key and a bearer token encrypted too: nothing of either in the row', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyBody = pem.split('\n')[1] ?? '';
    const bearer = 'static-bearer-token-0123456789';
    const jwtClinic = uniqueSlug('secrets');
    const bearerClinic = uniqueSlug('secrets');
    const clinic = { displayName: 'Secrets Clinic', timeZone: 'UTC', fhirBaseUrl: 'https://ehr.example/R4' };
    await createTenant(database, {
      ...clinic,
      slug: jwtClinic,
      mrnSystem: 'urn:oid:1.2',
      fhirAuth: {
        type: 'smart-private-key-jwt',
        tokenUrl: 'https://ehr.example/token',
        clientId: 'scheduling',
        privateKeyPem: pem,
        keyId: 'key-1',
        algorithm: 'RS384',
      },
    });
    await createTenant(database, {
      ...clinic,
      slug: bearerClinic,
      mrnSystem: 'urn:oid:1.3',
      fhirAuth: { type: 'bearer', token: bearer },
    });
    const jwtRow = await storedRow(jwtClinic);
    expect(keyBody.length).toBeGreaterThan(40);
    expect(jwtRow).not.toContain(keyBody);
    expect(jwtRow).not.toContain('PRIVATE KEY');
    expect(jwtRow).toMatch(/"privateKeyPem": "enc:v1:test:/);
    const bearerRow = await storedRow(bearerClinic);
    expect(bearerRow).not.toContain(bearer);
    expect(bearerRow).toMatch(/"token": "enc:v1:test:/);
    // The app reads both back as they were given.
    expect((await getTenantBySlug(database, jwtClinic))?.fhirAuth).toMatchObject({ privateKeyPem: pem });
    expect((await getTenantBySlug(database, bearerClinic))?.fhirAuth).toEqual({ type: 'bearer', token: bearer });
  });

  it('rotate keys: re-encrypted at start, old values readable meanwhile, then the old key unneeded', async () => {
    const slug = await clinicWithSecrets();
    const oldKey = process.env.SECRETS_KEY ?? '';
    const newKey = generateSecretsKey('k2');
    vi.stubEnv('SECRETS_KEY', newKey);
    vi.stubEnv('SECRETS_KEYS_PREVIOUS', oldKey);
    // Before re-encryption the old key still opens the stored values.
    expect((await getTenantBySlug(database, slug))?.fhirAuth).toMatchObject({ clientSecret: CLIENT_SECRET });
    expect(await reencryptTenantSecrets(database, keyRingFromEnv(), [slug])).toBe(1);
    expect(await storedRow(slug)).toMatch(/"clientSecret": "enc:v1:k2:/);
    expect(await reencryptTenantSecrets(database, keyRingFromEnv(), [slug])).toBe(0);

    vi.stubEnv('SECRETS_KEYS_PREVIOUS', '');
    const tenant = await getTenantBySlug(database, slug);
    expect(tenant?.insuranceSettings.eligibility).toMatchObject({ password: X12_PASSWORD });
    // Put the old key back for the other clinics of this run, which were all written with it.
    vi.stubEnv('SECRETS_KEY', oldKey);
    await expect(getTenantBySlug(database, slug)).rejects.toThrow(SecretsKeyError);
  });

  it('refuses a tampered value instead of returning garbage; a value never encrypted passes through', () => {
    const ring = keyRingFromEnv();
    expect(decryptSecret('written-before-encryption', ring)).toBe('written-before-encryption');
    const encrypted = encryptSecret('bearer-token-value', ring);
    expect(secretKeyId(encrypted)).toBe('test');
    expect(decryptSecret(encrypted, ring)).toBe('bearer-token-value');
    const tampered = encrypted.slice(0, -3) + (encrypted.endsWith('AAA') ? 'BBB' : 'AAA');
    expect(() => decryptSecret(tampered, ring)).toThrow();
  });
});
