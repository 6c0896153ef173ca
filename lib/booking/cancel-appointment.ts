/**
 * Cancelling one's own (or a dependent's) appointment, until the clinic's cutoff. Audited; the account
 * holder is told.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { Appointment } from '@/lib/scheduling/types';
import { withExpectedAppointmentChange } from '@/lib/sync-state/remember-appointment';
import { assertOnlineBookingAllowed } from '@/lib/tenancy/ehr-check';
import { notifyAccountHolder } from './appointment-notices';
import { REASON_MAX_LENGTH, type BookingDeps, type PatientActor } from './booking-deps';
import { checkChangeable } from './rules';
import { log } from '@/lib/logger';
import { cutoffText, ownAppointment } from './own-appointment';

export async function cancelAppointment(
  deps: BookingDeps,
  actor: PatientActor,
  input: { appointmentId: string; reason?: string | undefined },
): Promise<{ appointment: Appointment }> {
  assertOnlineBookingAllowed(actor.tenant);
  if ((input.reason?.length ?? 0) > REASON_MAX_LENGTH)
    throw new AppError('payload_too_large', 'booking.reasonTooLong', { params: { max: REASON_MAX_LENGTH } });
  const { appointment, acting } = await ownAppointment(deps, actor, input.appointmentId);
  if (appointment.status === 'cancelled') return { appointment };
  if (appointment.status !== 'booked') throw new AppError('invalid_input', 'booking.cannotCancel');
  const now = deps.now?.() ?? new Date();
  const violation = checkChangeable(new Date(appointment.start), now, actor.tenant.bookingRules);
  if (violation) {
    const { reason, params } = cutoffText(actor.tenant.contactPhone);
    throw new AppError('invalid_input', reason, { params, details: { appointment: violation.rule } });
  }
  const cancelled = await withExpectedAppointmentChange(
    deps.database,
    actor.tenant.id,
    {
      appointment,
      holderPatientId: acting.account.id,
      expected: { status: 'cancelled', start: appointment.start },
      now,
    },
    () =>
      deps.provider.cancel({
        appointmentId: appointment.id,
        appointmentVersion: appointment.version,
        reason: input.reason ?? '',
        by: 'patient',
      }),
  );
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'appointment.cancel',
    outcome: 'success',
    patientId: acting.subject.id,
    origin: actor.origin,
    detail: { appointmentId: appointment.id },
  });
  await notifyAccountHolder(deps, actor, acting, cancelled, 'cancelled');
  await freed(deps, actor, appointment.slotIds);
  return { appointment: cancelled };
}

/** Tells the waitlist of freed slots; its failure never undoes the patient's change. */
export async function freed(deps: BookingDeps, actor: PatientActor, slotIds: string[]): Promise<void> {
  if (!deps.onSlotsFreed || slotIds.length === 0) return;
  await deps
    .onSlotsFreed(actor.tenant, slotIds)
    .catch((error: unknown) =>
      log().warn({ err: error instanceof Error ? error.message : 'unknown' }, 'waitlist not told of freed slots'),
    );
}
