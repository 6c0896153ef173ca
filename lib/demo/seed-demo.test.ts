import { describe, expect, it } from 'vitest';
import { demoTenant } from './demo-tenant';
import { demoSandboxAddresses } from './seed-demo';

function seededAt(appBaseUrl: string): Parameters<typeof demoSandboxAddresses>[0] {
  const tenant = demoTenant(appBaseUrl);
  const fhirAuth = {
    type: 'smart-client-secret',
    tokenUrl: `${appBaseUrl}/fhir/demo/auth/token`,
    clientId: 'demo-client',
    clientSecret: 'demo-secret',
  } as const;
  return {
    fhirBaseUrl: tenant.fhirBaseUrl,
    fhirAuth,
    insuranceSettings: {
      payers: [],
      requestTimeoutMs: 8000,
      nightlyHour: 18,
      eligibility: { kind: 'fhir', baseUrl: `${appBaseUrl}/fhir/demo`, auth: fhirAuth },
    },
  };
}

describe('the demo clinic’s sandbox addresses', () => {
  it('follow the server to another port: FHIR base, token URL and eligibility endpoint', () => {
    const moved = demoSandboxAddresses(seededAt('http://localhost:3000'), 'http://localhost:3999');
    expect(moved?.fhirBaseUrl).toBe('http://localhost:3999/fhir/demo');
    expect(moved?.fhirAuth).toMatchObject({ tokenUrl: 'http://localhost:3999/fhir/demo/auth/token' });
    expect(moved?.insuranceSettings.eligibility).toMatchObject({
      baseUrl: 'http://localhost:3999/fhir/demo',
      auth: { tokenUrl: 'http://localhost:3999/fhir/demo/auth/token', clientSecret: 'demo-secret' },
    });
  });

  it('stay as they are on the same origin, and where an integrator pointed the clinic elsewhere', () => {
    expect(demoSandboxAddresses(seededAt('http://localhost:3000'), 'http://localhost:3000')).toBeNull();
    const elsewhere = {
      ...seededAt('http://localhost:3000'),
      fhirBaseUrl: 'https://ehr.lakeside.example/fhir/r4',
      fhirAuth: { type: 'none' } as const,
      insuranceSettings: {
        ...seededAt('http://localhost:3000').insuranceSettings,
        eligibility: { kind: 'none' } as const,
      },
    };
    expect(demoSandboxAddresses(elsewhere, 'http://localhost:3999')).toBeNull();
  });
});
