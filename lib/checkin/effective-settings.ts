/** The check-in settings that apply at a location, and what an appointment card offers for check-in. */
import type { Appointment, Location } from '@/lib/scheduling/types';
import type { CheckInSettings } from '@/lib/tenancy/tenant-settings';
import type { Tenant } from '@/lib/tenancy/tenant';
import { localDate } from '@/lib/time/zoned';

export interface EffectiveCheckInSettings {
  radiusMeters: number;
  accuracyCapMeters: number;
  windowBeforeMinutes: number;
  windowAfterMinutes: number;
  timeZone: string;
}

/** The clinic's check-in rules with the location's own overrides applied. */
export function effectiveCheckInSettings(
  tenant: Pick<Tenant, 'timeZone'> & { checkInSettings: CheckInSettings },
  locationId: string | null,
): EffectiveCheckInSettings {
  const base = tenant.checkInSettings;
  const override = locationId ? base.locations?.[locationId] : undefined;
  return {
    radiusMeters: override?.radiusMeters ?? base.radiusMeters,
    accuracyCapMeters: override?.accuracyCapMeters ?? base.accuracyCapMeters,
    windowBeforeMinutes: override?.windowBeforeMinutes ?? base.windowBeforeMinutes,
    windowAfterMinutes: override?.windowAfterMinutes ?? base.windowAfterMinutes,
    timeZone: override?.timeZone ?? tenant.timeZone,
  };
}

export function findLocation(locations: Location[], id: string | null): Location | null {
  return id ? (locations.find((location) => location.id === id) ?? null) : null;
}

/**
 * What an appointment card shows for check-in: "I'm here" (`offer`) for a booked appointment on its own
 * day in the location's time zone, `done` once it is checked in that day, otherwise nothing.
 */
export function checkInCardState(
  tenant: Pick<Tenant, 'timeZone'> & { checkInSettings: CheckInSettings },
  appointment: Pick<Appointment, 'status' | 'start' | 'locationId'>,
  now: Date,
): 'offer' | 'done' | null {
  const { timeZone } = effectiveCheckInSettings(tenant, appointment.locationId);
  if (localDate(new Date(appointment.start), timeZone) !== localDate(now, timeZone)) return null;
  if (appointment.status === 'booked') return 'offer';
  return appointment.status === 'arrived' || appointment.status === 'checked-in' ? 'done' : null;
}
