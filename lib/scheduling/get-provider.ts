/**
 * The one place the app obtains a clinic's SchedulingProvider. The clinic's settings choose the
 * adapter; adding an EHR means adding an entry to ADAPTERS, nothing else. Providers are cached per
 * clinic (and rebuilt when its settings change) so tokens and circuit breakers are shared.
 */
import type { Tenant } from '@/lib/tenancy/tenant';
import type { ProviderSettings } from '@/lib/tenancy/tenant-settings';
import { createFhirProvider } from './fhir/create-fhir-provider';
import { observedProvider } from './appointment-writes';
import type { SchedulingProvider } from './provider';

type ProviderFactory = (tenant: Tenant) => SchedulingProvider;

const ADAPTERS: Record<ProviderSettings['kind'], ProviderFactory> = {
  fhir: createFhirProvider,
};

const cache = new Map<string, { fingerprint: string; provider: SchedulingProvider }>();

export function getSchedulingProvider(tenant: Tenant): SchedulingProvider {
  const fingerprint = JSON.stringify([tenant.fhirBaseUrl, tenant.fhirAuth, tenant.mrnSystem, tenant.providerSettings]);
  const cached = cache.get(tenant.id);
  if (cached?.fingerprint === fingerprint) return cached.provider;
  const factory = ADAPTERS[tenant.providerSettings.kind];
  // Writes are reported to the appointment-write listeners (the legacy-EHR bridge's outbound SIU).
  const provider = observedProvider(tenant, factory(tenant));
  cache.set(tenant.id, { fingerprint, provider });
  return provider;
}
