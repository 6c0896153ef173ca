/**
 * What the review step shows before confirming: the person booked for (by position in the list of
 * people the patient may act for, re-read from the EHR now), the slot, and its location, practitioner
 * and service. Null when the person or the slot is not there (the page answers 404).
 */
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Location, PatientSummary, Practitioner, Service, Slot } from '@/lib/scheduling/types';
import { resolveActingFor } from './acting-for';

export interface BookingReview {
  person: PatientSummary;
  slot: Slot;
  location: Location | undefined;
  practitioner: Practitioner | undefined;
  service: Service | undefined;
}

export async function getBookingReview(
  deps: { provider: SchedulingProvider },
  input: { patientId: string; forIndex: number; slotId: string },
): Promise<BookingReview | null> {
  const { provider } = deps;
  const acting = await resolveActingFor(provider, input.patientId);
  const person = acting.allowed[input.forIndex];
  const slot = input.slotId ? await provider.getSlot(input.slotId).catch(() => null) : null;
  if (!person || !slot) return null;
  const [locations, practitioners, services] = await Promise.all([
    provider.listLocations(),
    provider.listPractitioners(),
    provider.listServices(),
  ]);
  return {
    person,
    slot,
    location: locations.find((candidate) => candidate.id === slot.locationId),
    practitioner: practitioners.find((candidate) => candidate.id === slot.practitionerId),
    service: services.find((candidate) => candidate.code === slot.serviceCode),
  };
}
