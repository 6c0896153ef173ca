/**
 * What the check-in use-cases share: their dependencies, who is acting, the settings that apply at a
 * location, and how a refusal is answered (an audit entry, then a 4xx AppError a person understands).
 */
import { z } from 'zod';
import { recordAudit, type AuditActor, type RequestOrigin } from '@/lib/audit/record-audit';
import { resolveActingFor } from '@/lib/booking/acting-for';
import type { BookingDeps } from '@/lib/booking/booking-deps';
import { AppError, type AppErrorCode, type ErrorText } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import type { Appointment, Location, PatientSummary } from '@/lib/scheduling/types';
import type { CheckInSettings } from '@/lib/tenancy/tenant-settings';
import type { Tenant } from '@/lib/tenancy/tenant';
import { localDate } from './geofence';

export type CheckInDeps = BookingDeps;
export type CheckInMethod = 'geofence' | 'qr' | 'desk';

/** A signed-in front-desk clerk or administrator; `locationIds` empty means every location. */
export interface StaffActor {
  tenant: Tenant;
  staffId: string;
  role: StaffRole;
  locationIds: string[];
  locale: Locale;
  origin: RequestOrigin;
}

/** Why a check-in was refused; sent to the page in `details.reason` so it can offer the right way out. */
export type RefusalReason =
  | 'invalid_position'
  | 'poor_accuracy'
  | 'too_far'
  | 'no_geofence'
  | 'not_today'
  | 'too_early'
  | 'too_late'
  | 'not_checkable'
  | 'not_found'
  | 'poster_invalid'
  | 'poster_expired'
  | 'poster_rotated'
  | 'wrong_location'
  | 'nothing_to_check_in'
  | 'other_location';

/**
 * The phone's reading as it arrives from the browser. Anything but a number (null is JSON's NaN, a
 * string, nothing) becomes NaN, so that the use-case refuses it with an audit entry like any bad position.
 */
const reading = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'number' ? value : Number.NaN));
export const positionInputSchema = z.object({ latitude: reading, longitude: reading, accuracy: reading });

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

export interface RefusalContext {
  tenantId: string;
  actor: AuditActor;
  origin: RequestOrigin;
  method: CheckInMethod;
  patientId?: string | undefined;
  appointmentId?: string | undefined;
}

/** Audits the refusal, then throws it. Nothing has been written to the EHR at this point. */
export async function refuse(
  deps: Pick<CheckInDeps, 'database'>,
  context: RefusalContext,
  reason: RefusalReason,
  code: AppErrorCode,
  text: ErrorText,
  extra: Record<string, string> = {},
): Promise<never> {
  await recordAudit(deps.database, {
    tenantId: context.tenantId,
    actor: context.actor,
    action: 'appointment.check_in',
    outcome: 'denied',
    ...(context.patientId ? { patientId: context.patientId } : {}),
    origin: context.origin,
    detail: {
      reason,
      method: context.method,
      ...(context.appointmentId ? { appointmentId: context.appointmentId } : {}),
      ...extra,
    },
  });
  throw new AppError(code, text.reason, { params: text.params, details: { reason, ...extra } });
}

/**
 * The appointment if it is the patient's or a linked dependent's (re-read from the EHR now); anyone
 * else's, or none, is "not found" (audited), so existence is not revealed.
 */
export async function ownedAppointment(
  deps: Pick<CheckInDeps, 'database' | 'provider'>,
  actor: { tenant: Tenant; accountId: string; patientId: string; origin: RequestOrigin },
  appointmentId: string,
  method: CheckInMethod,
): Promise<{ appointment: Appointment; subject: PatientSummary; account: PatientSummary; allowed: PatientSummary[] }> {
  const acting = await resolveActingFor(deps.provider, actor.patientId);
  const appointment = await deps.provider.getAppointment(appointmentId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  const subject = appointment ? acting.allowed.find((person) => person.id === appointment.patientId) : undefined;
  if (!appointment || !subject) {
    return refuse(
      deps,
      {
        tenantId: actor.tenant.id,
        actor: { type: 'patient', id: actor.accountId },
        origin: actor.origin,
        method,
        appointmentId,
      },
      'not_found',
      'not_found',
      { reason: 'booking.appointmentNotFound' },
    );
  }
  return { appointment, subject, account: acting.account, allowed: acting.allowed };
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
