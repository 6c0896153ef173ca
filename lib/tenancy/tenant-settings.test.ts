import { describe, expect, it } from 'vitest';
import { newTenantSchema, tenantSlugSchema, timeZoneSchema } from './tenant-settings';

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
    expect(tenant.checkInSettings).toEqual({ radiusMeters: 175, accuracyCapMeters: 150, windowBeforeMinutes: 60, windowAfterMinutes: 15 });
    expect(tenant.notificationSettings.defaultCountry).toBe('US');
  });

  it.each(['api', 'fhir', '-leading', 'trailing-', 'has space', 'UPPER_case', 'a'.repeat(64)])('refuses the slug %j', (slug) => {
    expect(tenantSlugSchema.safeParse(slug).success && tenantSlugSchema.parse(slug) === slug).toBe(false);
  });

  it.each(['America/Chicago', 'Europe/Berlin', 'UTC'])('accepts the IANA time zone %s', (zone) => {
    expect(timeZoneSchema.safeParse(zone).success).toBe(true);
  });

  it.each(['Mars/Olympus', 'EST5EDT-ish', ''])('refuses the time zone %j', (zone) => {
    expect(timeZoneSchema.safeParse(zone).success).toBe(false);
  });

  it('requires the credentials that the chosen FHIR auth type needs', () => {
    const result = newTenantSchema.safeParse({ ...valid, fhirAuth: { type: 'smart-client-secret', tokenUrl: 'https://ehr.example/token' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['fhirAuth.clientId', 'fhirAuth.clientSecret']));
  });
});
