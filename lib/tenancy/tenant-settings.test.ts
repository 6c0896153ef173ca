import { describe, expect, it } from 'vitest';
import { insuranceSettingsSchema, newTenantSchema, tenantSlugSchema, timeZoneSchema } from './tenant-settings';

const valid = {
  slug: 'riverside',
  displayName: 'Riverside Clinic',
  timeZone: 'America/New_York',
  fhirBaseUrl: 'https://ehr.riverside.example/fhir/R4/',
  mrnSystem: 'urn:oid:1.2.840.114350.1',
};

describe('tenant settings', () => {
  it('accepts a complete clinic and fills in check-in and notification defaults', () => {
    const tenant = newTenantSchema.parse(valid);
    expect(tenant.fhirBaseUrl).toBe('https://ehr.riverside.example/fhir/R4');
    expect(tenant.fhirAuth).toEqual({ type: 'none' });
    expect(tenant.checkInSettings).toEqual({
      radiusMeters: 175,
      accuracyCapMeters: 150,
      windowBeforeMinutes: 60,
      windowAfterMinutes: 15,
    });
    expect(tenant.notificationSettings.defaultCountry).toBe('US');
  });

  it.each(['api', 'fhir', '-leading', 'trailing-', 'has space', 'UPPER_case', 'a'.repeat(64)])(
    'refuses the slug %j',
    (slug) => {
      expect(tenantSlugSchema.safeParse(slug).success && tenantSlugSchema.parse(slug) === slug).toBe(false);
    },
  );

  it.each(['America/Chicago', 'Europe/Berlin', 'UTC'])('accepts the IANA time zone %s', (zone) => {
    expect(timeZoneSchema.safeParse(zone).success).toBe(true);
  });

  it.each(['Mars/Olympus', 'EST5EDT-ish', ''])('refuses the time zone %j', (zone) => {
    expect(timeZoneSchema.safeParse(zone).success).toBe(false);
  });

  it('requires the credentials that the chosen FHIR auth type needs', () => {
    const result = newTenantSchema.safeParse({
      ...valid,
      fhirAuth: { type: 'smart-client-secret', tokenUrl: 'https://ehr.example/token' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['fhirAuth.clientId', 'fhirAuth.clientSecret']),
    );
  });
});

describe('insurance settings', () => {
  it('default to no payers and no eligibility checks', () => {
    expect(newTenantSchema.parse(valid).insuranceSettings).toEqual({
      payers: [],
      eligibility: { kind: 'none' },
      requestTimeoutMs: 10_000,
      nightlyHour: 18,
    });
  });

  it('accept a payer list and an X12 clearinghouse with its NPI and ids', () => {
    const settings = insuranceSettingsSchema.parse({
      payers: [{ payerId: 'BPHP1', name: 'Blue Prairie Health Plan', ehrPayerId: 'payer-blue-prairie' }],
      eligibility: {
        kind: 'x12',
        endpoint: 'https://clearinghouse.example/270',
        senderId: 'RIVERSIDE',
        receiverId: 'CLEARHOUSE',
        providerName: 'Riverside Clinic',
        providerNpi: '1234567893',
      },
    });
    expect(settings.eligibility).toMatchObject({ kind: 'x12', usage: 'T' });
  });

  it.each([
    ['a payer id with a delimiter', { payers: [{ payerId: 'BP*1', name: 'Blue', ehrPayerId: 'x' }] }],
    [
      'an NPI that is not 10 digits',
      {
        eligibility: {
          kind: 'x12',
          endpoint: 'https://c.example',
          senderId: 'A',
          receiverId: 'B',
          providerName: 'C',
          providerNpi: '123',
        },
      },
    ],
    ['an unknown adapter', { eligibility: { kind: 'soap' } }],
    ['a FHIR endpoint that is not http(s)', { eligibility: { kind: 'fhir', baseUrl: 'ftp://payer.example/fhir' } }],
  ])('refuse %s', (_label, input) => {
    expect(insuranceSettingsSchema.safeParse(input).success).toBe(false);
  });
});
