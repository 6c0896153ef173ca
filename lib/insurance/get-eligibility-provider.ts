/**
 * The one place the app obtains a clinic's EligibilityProvider: `insuranceSettings.eligibility.kind`
 * picks the adapter (null for `none`). Cached per clinic and rebuilt when its settings change, so
 * tokens and circuit breakers are shared between requests.
 */
import type { Tenant } from '@/lib/tenancy/tenant';
import type { EligibilityProvider } from './eligibility-provider';
import { FhirEligibilityProvider } from './fhir/fhir-eligibility';
import { X12EligibilityProvider } from './x12/x12-eligibility';

const cache = new Map<string, { fingerprint: string; provider: EligibilityProvider | null }>();

export function getEligibilityProvider(tenant: Pick<Tenant, 'id' | 'insuranceSettings'>): EligibilityProvider | null {
  const settings = tenant.insuranceSettings;
  const fingerprint = JSON.stringify([settings.eligibility, settings.requestTimeoutMs]);
  const cached = cache.get(tenant.id);
  if (cached?.fingerprint === fingerprint) return cached.provider;
  const adapter = settings.eligibility;
  let provider: EligibilityProvider | null;
  switch (adapter.kind) {
    case 'none':
      provider = null;
      break;
    case 'fhir':
      provider = new FhirEligibilityProvider(adapter, settings.requestTimeoutMs);
      break;
    case 'x12':
      provider = new X12EligibilityProvider(adapter, settings.requestTimeoutMs);
      break;
  }
  cache.set(tenant.id, { fingerprint, provider });
  return provider;
}
