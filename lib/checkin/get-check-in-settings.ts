/** What the administrators' check-in page shows: the clinic's rules, and each location with its overrides. */
import { AppError } from '@/lib/errors';
import type { CheckInSettings, LocationCheckInOverride } from '@/lib/tenancy/tenant-settings';
import type { CheckInDeps, StaffActor } from './check-in-deps';

export interface CheckInSettingsView {
  clinic: Omit<CheckInSettings, 'locations'>;
  locations: { id: string; name: string; hasPosition: boolean; override: LocationCheckInOverride }[];
}

export async function getCheckInSettings(
  deps: Pick<CheckInDeps, 'provider'>,
  actor: StaffActor,
): Promise<CheckInSettingsView> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'staff.adminSeesCheckInSettings');
  const { locations: overrides, ...clinic } = actor.tenant.checkInSettings;
  const locations = await deps.provider.listLocations();
  return {
    clinic,
    locations: locations.map((location) => ({
      id: location.id,
      name: location.name,
      hasPosition: location.position !== null,
      override: overrides?.[location.id] ?? {},
    })),
  };
}
