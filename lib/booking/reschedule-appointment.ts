/**
 * Moving one's own (or a dependent's) appointment to another slot, until the clinic's cutoff. Atomic in
 * the EHR: the old slot is released only if the new one is secured. Audited; the account holder is told.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { Appointment } from '@/lib/scheduling/types';
import { withExpectedAppointmentChange } from '@/lib/sync-state/remember-appointment';
import { assertOnlineBookingAllowed } from '@/lib/tenancy/ehr-check';
import { notifyAccountHolder } from './appointment-notices';
import { ruleText, slotTaken } from './book-appointment';
import { freed } from './cancel-appointment';
import { type BookingDeps, type PatientActor } from './booking-deps';
import { checkBookable, checkChangeable } from './rules';
import { cutoffText, ownAppointment } from './own-appointment';

export async function rescheduleAppointment(
  deps: BookingDeps,
  actor: PatientActor,
  input: { appointmentId: string; newSlotId: string; newSlotVersion: string },
): Promise<{ appointment: Appointment }> {
  assertOnlineBookingAllowed(actor.tenant);
  const { appointment, acting } = await ownAppointment(deps, actor, input.appointmentId);
  const now = deps.now?.() ?? new Date();
  if (appointment.status !== 'booked') throw new AppError('invalid_input', 'booking.cannotMove');
  const violation = checkChangeable(new Date(appointment.start), now, actor.tenant.bookingRules);
  if (violation) {
    const { reason, params } = cutoffText(actor.tenant.contactPhone);
    throw new AppError('invalid_input', reason, { params });
  }
  if (appointment.slotIds.includes(input.newSlotId)) throw new AppError('invalid_input', 'booking.sameTime');
  const slot = await deps.provider.getSlot(input.newSlotId);
  if (slot.serviceCode && appointment.serviceCode && slot.serviceCode !== appointment.serviceCode)
    throw new AppError('invalid_input', 'booking.sameService');
  // The appointment being moved does not count against the per-service limit.
  const rule = checkBookable({
    slotStart: new Date(slot.start),
    now,
    timeZone: actor.tenant.timeZone,
    rules: actor.tenant.bookingRules,
    serviceCode: slot.serviceCode,
    patientBirthDate: acting.subject.birthDate,
    upcomingForService: 0,
  });
  if (rule) {
    const { reason, params } = ruleText(rule);
    throw new AppError('invalid_input', reason, { params });
  }
  const moved = await withExpectedAppointmentChange(
    deps.database,
    actor.tenant.id,
    { appointment, holderPatientId: acting.account.id, expected: { status: 'booked', start: slot.start }, now },
    () =>
      deps.provider.reschedule({
        appointmentId: appointment.id,
        appointmentVersion: appointment.version,
        newSlotId: slot.id,
        newSlotVersion: input.newSlotVersion,
      }),
  ).catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === 'conflict') throw await slotTaken(deps, actor, slot, error);
    throw error;
  });
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'appointment.reschedule',
    outcome: 'success',
    patientId: acting.subject.id,
    origin: actor.origin,
    detail: { appointmentId: appointment.id, slotId: slot.id },
  });
  await notifyAccountHolder(deps, actor, acting, moved, 'rescheduled');
  await freed(
    deps,
    actor,
    appointment.slotIds.filter((slotId) => !moved.slotIds.includes(slotId)),
  );
  return { appointment: moved };
}
