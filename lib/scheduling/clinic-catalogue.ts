/**
 * A clinic's catalogue (locations, visit types, clinicians), read from the EHR at most once a minute
 * per clinic in this process. Every notice names its location, visit type and clinician; reading the
 * three lists per notice costs three EHR requests each time (and, for change detection, three requests
 * of the vendor's rate limit). They change rarely, and a minute-old list names them just as well.
 * A failed read is not kept: the next caller tries again.
 */
import type { SchedulingProvider } from './provider';
import type { Location, Practitioner, Service } from './types';

export interface ClinicCatalogue {
  locations: Location[];
  services: Service[];
  practitioners: Practitioner[];
}

export const CATALOGUE_TTL_MS = 60_000;
/** Enough for every clinic of a deployment; the oldest entry goes first beyond it. */
const MAX_CLINICS = 2000;

const cached = new Map<string, { readAt: number; catalogue: Promise<ClinicCatalogue> }>();

export function clinicCatalogue(
  provider: Pick<SchedulingProvider, 'listLocations' | 'listServices' | 'listPractitioners'>,
  clinicId: string,
  now: number = Date.now(),
): Promise<ClinicCatalogue> {
  const entry = cached.get(clinicId);
  if (entry && now - entry.readAt < CATALOGUE_TTL_MS) return entry.catalogue;
  const catalogue = Promise.all([provider.listLocations(), provider.listServices(), provider.listPractitioners()]).then(
    ([locations, services, practitioners]) => ({ locations, services, practitioners }),
  );
  cached.delete(clinicId);
  cached.set(clinicId, { readAt: now, catalogue });
  if (cached.size > MAX_CLINICS) cached.delete(cached.keys().next().value ?? clinicId);
  catalogue.catch(() => {
    if (cached.get(clinicId)?.catalogue === catalogue) cached.delete(clinicId);
  });
  return catalogue;
}
