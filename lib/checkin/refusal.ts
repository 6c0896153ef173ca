/**
 * How a check-in refusal is answered: an audit entry, then a 4xx AppError a person understands; and
 * the appointment lookup that refuses anyone else's appointment as "not found".
 */
import { recordAudit, type AuditActor, type RequestOrigin } from '@/lib/audit/record-audit';
import { resolveActingFor } from '@/lib/booking/acting-for';
import { AppError, type AppErrorCode, type ErrorText } from '@/lib/errors';
import type { Appointment, PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { CheckInDeps, CheckInMethod } from './check-in-deps';

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
