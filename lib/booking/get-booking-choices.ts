/**
 * What the booking page offers: the people the patient may book for (re-read from the EHR now), and
 * the clinic's services, locations and practitioners.
 */
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Location, Practitioner, Service } from '@/lib/scheduling/types';
import { resolveActingFor, type ActingFor } from './acting-for';

export interface BookingChoices {
  acting: ActingFor;
  services: Service[];
  locations: Location[];
  practitioners: Practitioner[];
}

export async function getBookingChoices(
  deps: { provider: SchedulingProvider },
  input: { patientId: string },
): Promise<BookingChoices> {
  const { provider } = deps;
  const [acting, services, locations, practitioners] = await Promise.all([
    resolveActingFor(provider, input.patientId),
    provider.listServices(),
    provider.listLocations(),
    provider.listPractitioners(),
  ]);
  return { acting, services, locations, practitioners };
}
