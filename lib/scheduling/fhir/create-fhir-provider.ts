/** Builds the FHIR provider for a clinic: its transport, token source and circuit breaker. */
import type { Tenant } from '@/lib/tenancy/tenant';
import { TokenSource } from './auth';
import { CircuitBreaker } from './circuit-breaker';
import { FhirSchedulingProvider } from './fhir-provider';
import { FhirTransport } from './transport';

export function createFhirProvider(
  tenant: Pick<Tenant, 'fhirBaseUrl' | 'fhirAuth' | 'mrnSystem' | 'providerSettings'>,
): FhirSchedulingProvider {
  const timeoutMs = tenant.providerSettings.requestTimeoutMs;
  const transport = new FhirTransport({
    baseUrl: tenant.fhirBaseUrl,
    timeoutMs,
    tokens: new TokenSource(tenant.fhirAuth, timeoutMs, { fhirBaseUrl: tenant.fhirBaseUrl, checkScopes: true }),
    breaker: new CircuitBreaker(),
  });
  return new FhirSchedulingProvider({ transport, mrnSystem: tenant.mrnSystem, settings: tenant.providerSettings });
}
