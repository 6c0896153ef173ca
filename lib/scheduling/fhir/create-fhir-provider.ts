/** Builds the FHIR provider for a clinic: its transport, token source and resilience policy. */
import type { Tenant } from '@/lib/tenancy/tenant';
import { TokenSource } from './auth';
import { FhirSchedulingProvider } from './fhir-provider';
import { EndpointResilience } from './resilience';
import { FhirTransport } from './transport';

export function createFhirProvider(
  tenant: Pick<Tenant, 'fhirBaseUrl' | 'fhirAuth' | 'mrnSystem' | 'providerSettings'>,
): FhirSchedulingProvider {
  const { requestTimeoutMs, attemptTimeoutMs } = tenant.providerSettings;
  const transport = new FhirTransport({
    baseUrl: tenant.fhirBaseUrl,
    tokens: new TokenSource(tenant.fhirAuth, attemptTimeoutMs, { fhirBaseUrl: tenant.fhirBaseUrl, checkScopes: true }),
    resilience: new EndpointResilience({ callTimeoutMs: requestTimeoutMs, attemptTimeoutMs }),
  });
  return new FhirSchedulingProvider({ transport, mrnSystem: tenant.mrnSystem, settings: tenant.providerSettings });
}
