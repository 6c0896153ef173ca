/**
 * Moving one's own (or a dependent's) appointment to another slot, until the clinic's cutoff. Atomic in
 * the EHR: the old slot is released only if the new one is secured. Audited; the account holder is told.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { Appointment } from '@/lib/scheduling/types';
import { sendAppointmentNotice } from './appointment-notices';
import { ruleMessage } from './book-appointment';
import { type BookingDeps, type PatientActor } from './booking-deps';
import { checkBookable, checkChangeable } from './rules';
import { cutoffMessage, ownAppointment } from './own-appointment';

export async function rescheduleAppointment(
  deps: BookingDeps,
  actor: PatientActor,
  input: { appointmentId: string; newSlotId: string; newSlotVersion: string },
): Promise<{ appointment: Appointment }> {
  const { appointment, acting } = await ownAppointment(deps, actor, input.appointmentId);
  const now = deps.now?.() ?? new Date();
  if (appointment.status !== 'booked')
    throw new AppError('invalid_input', 'This appointment can no longer be moved online.');
  const violation = checkChangeable(new Date(appointment.start), now, actor.tenant.bookingRules);
  if (violation) throw new AppError('invalid_input', cutoffMessage(actor.tenant.contactPhone));
  if (appointment.slotIds.includes(input.newSlotId))
    throw new AppError('invalid_input', 'That is the time you already have.');
  const slot = await deps.provider.getSlot(input.newSlotId);
  if (slot.serviceCode && appointment.serviceCode && slot.serviceCode !== appointment.serviceCode)
    throw new AppError('invalid_input', 'Please choose a time for the same kind of visit.');
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
  if (rule) throw new AppError('invalid_input', ruleMessage(rule));
  const moved = await deps.provider.reschedule({
    appointmentId: appointment.id,
    appointmentVersion: appointment.version,
    newSlotId: slot.id,
    newSlotVersion: input.newSlotVersion,
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
  const location = moved.locationId
    ? ((await deps.provider.listLocations()).find((candidate) => candidate.id === moved.locationId) ?? null)
    : null;
  await sendAppointmentNotice(
    {
      notifier: deps.notifier,
      tenant: actor.tenant,
      appBaseUrl: deps.appBaseUrl,
      locale: actor.locale,
      recipient: acting.account,
      preferredChannel: actor.preferredChannel,
      subject: acting.subject,
      location,
    },
    moved,
    'rescheduled',
    moved.version,
  );
  return { appointment: moved };
}
