/**
 * The geofenced check-in decision: is this phone at this clinic location, now, for this appointment?
 * Pure logic, no I/O, so every edge (radius, accuracy, window, time zones) is unit-tested.
 *
 * Distance is great-circle (haversine, mean Earth radius). Phones indoors often report 50-200 m of
 * accuracy, so the reported accuracy counts in the patient's favour, up to a cap: a phone that says
 * "within 120 m" and reads 250 m from the door passes a 175 m radius, one that says "within 5 km" does not.
 */
import type { CheckInSettings } from '@/lib/tenancy/tenant-settings';
import { localDate } from '@/lib/time/zoned';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

export interface PhonePosition extends Coordinates {
  /** Reported 95% radius, metres. */
  accuracyMeters: number;
}

export type GeofenceDecision =
  | { outcome: 'inside'; distanceMeters: number }
  | { outcome: 'too_far'; distanceMeters: number; allowedMeters: number }
  | { outcome: 'poor_accuracy'; distanceMeters: number; accuracyMeters: number };

export type WindowDecision =
  | { outcome: 'open' }
  | { outcome: 'too_early'; opensAt: Date }
  | { outcome: 'too_late'; closedAt: Date }
  | { outcome: 'not_today' };

const EARTH_RADIUS_METERS = 6_371_008.8;

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

export function isValidPosition(position: PhonePosition): boolean {
  return (
    Number.isFinite(position.latitude) &&
    Number.isFinite(position.longitude) &&
    Number.isFinite(position.accuracyMeters) &&
    Math.abs(position.latitude) <= 90 &&
    Math.abs(position.longitude) <= 180 &&
    position.accuracyMeters > 0
  );
}

export function greatCircleMeters(from: Coordinates, to: Coordinates): number {
  const dLat = toRadians(to.latitude - from.latitude);
  const dLon = toRadians(to.longitude - from.longitude);
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(from.latitude)) * Math.cos(toRadians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A reported accuracy worse than this (metres) is never usable: the phone is guessing from cell towers or IP. */
export const MAX_USABLE_ACCURACY_METERS = 2000;

/**
 * Inside when distance <= radius + min(accuracy, cap). A position whose accuracy is worse than the cap
 * and which is not inside even so is "poor accuracy" (ask to retry or use the lobby QR), not "too far".
 */
export function decideGeofence(
  position: PhonePosition,
  location: Coordinates,
  settings: Pick<CheckInSettings, 'radiusMeters' | 'accuracyCapMeters'>,
): GeofenceDecision {
  const distanceMeters = Math.round(greatCircleMeters(position, location));
  // A reading this vague says nothing about where the phone is, even when its centre is at the door.
  if (position.accuracyMeters > MAX_USABLE_ACCURACY_METERS)
    return { outcome: 'poor_accuracy', distanceMeters, accuracyMeters: Math.round(position.accuracyMeters) };
  const allowance = Math.min(position.accuracyMeters, settings.accuracyCapMeters);
  const allowedMeters = settings.radiusMeters + allowance;
  if (distanceMeters <= allowedMeters) return { outcome: 'inside', distanceMeters };
  if (
    position.accuracyMeters > settings.accuracyCapMeters &&
    distanceMeters - position.accuracyMeters <= settings.radiusMeters
  ) {
    return { outcome: 'poor_accuracy', distanceMeters, accuracyMeters: Math.round(position.accuracyMeters) };
  }
  return { outcome: 'too_far', distanceMeters, allowedMeters };
}

/**
 * Check-in is open from `windowBeforeMinutes` before the start to `windowAfterMinutes` after it, and
 * only on the appointment's own day in the location's time zone.
 */
export function decideWindow(
  appointmentStart: Date,
  now: Date,
  timeZone: string,
  settings: Pick<CheckInSettings, 'windowBeforeMinutes' | 'windowAfterMinutes'>,
): WindowDecision {
  if (localDate(appointmentStart, timeZone) !== localDate(now, timeZone)) return { outcome: 'not_today' };
  const opensAt = new Date(appointmentStart.getTime() - settings.windowBeforeMinutes * 60_000);
  const closedAt = new Date(appointmentStart.getTime() + settings.windowAfterMinutes * 60_000);
  if (now < opensAt) return { outcome: 'too_early', opensAt };
  if (now > closedAt) return { outcome: 'too_late', closedAt };
  return { outcome: 'open' };
}
