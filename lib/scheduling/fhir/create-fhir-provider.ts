/**
 * Builds the FHIR provider for a clinic: its transport, token source and resilience policy, and a request
 * budget where the caller has one (the change feed's share of the EHR's rate limit).
 */
import type { Tenant } from '@/lib/tenancy/tenant';
import { TokenSource } from './auth';
import { FhirSchedulingProvider } from './fhir-provider';
import type { RequestBudget } from './request-budget';
import { EndpointResilience } from './resilience';
import { FhirTransport } from './transport';

export function createFhirProvider(
  tenant: Pick<Tenant, 'fhirBaseUrl' | 'fhirAuth' | 'mrnSystem' | 'providerSettings'>,
  options: { budget?: RequestBudget | undefined } = {},
): FhirSchedulingProvider {
  const { requestTimeoutMs, attemptTimeoutMs } = tenant.providerSettings;
  const transport = new FhirTransport({
    baseUrl: tenant.fhirBaseUrl,
    tokens: new TokenSource(tenant.fhirAuth, attemptTimeoutMs, { fhirBaseUrl: tenant.fhirBaseUrl, checkScopes: true }),
    resilience: new EndpointResilience({ callTimeoutMs: requestTimeoutMs, attemptTimeoutMs }),
    budget: options.budget,
  });
  return new FhirSchedulingProvider({ transport, mrnSystem: tenant.mrnSystem, settings: tenant.providerSettings });
}
