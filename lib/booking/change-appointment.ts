/**
 * Cancelling and rescheduling one's own (or a dependent's) appointment, until the clinic's cutoff.
 * An appointment of anyone else is "not found". Rescheduling is atomic in the EHR: the old slot is
 * released only if the new one is secured.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { Appointment } from '@/lib/scheduling/types';
import { resolveActingFor, type ActingFor } from './acting-for';
import { sendAppointmentNotice } from './appointment-notices';
import { ruleMessage } from './book-appointment';
import { REASON_MAX_LENGTH, type BookingDeps, type PatientActor } from './booking-deps';
import { checkBookable, checkChangeable } from './rules';

async function ownAppointment(
  deps: BookingDeps,
  actor: PatientActor,
  appointmentId: string,
): Promise<{ appointment: Appointment; acting: ActingFor }> {
  const acting = await resolveActingFor(deps.provider, actor.patientId);
  const appointment = await deps.provider.getAppointment(appointmentId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found')
      throw new AppError('not_found', 'We could not find that appointment.');
    throw error;
  });
  const subject = acting.allowed.find((patient) => patient.id === appointment.patientId);
  if (!subject) {
    await recordAudit(deps.database, {
      tenantId: actor.tenant.id,
      actor: { type: 'patient', id: actor.accountId },
      action: 'appointment.access',
      outcome: 'denied',
      origin: actor.origin,
      detail: { appointmentId },
    });
    throw new AppError('not_found', 'We could not find that appointment.');
  }
  return { appointment, acting: { ...acting, subject } };
}

function cutoffMessage(phone: string | null): string {
  return `It is too late to change this appointment online. Please call the clinic${phone ? ` at ${phone}` : ''}.`;
}

export async function cancelAppointment(
  deps: BookingDeps,
  actor: PatientActor,
  input: { appointmentId: string; reason?: string | undefined },
): Promise<{ appointment: Appointment }> {
  if ((input.reason?.length ?? 0) > REASON_MAX_LENGTH)
    throw new AppError('payload_too_large', `Please keep the reason under ${REASON_MAX_LENGTH} characters.`);
  const { appointment, acting } = await ownAppointment(deps, actor, input.appointmentId);
  if (appointment.status === 'cancelled') return { appointment };
  if (appointment.status !== 'booked')
    throw new AppError('invalid_input', 'This appointment can no longer be cancelled online.');
  const violation = checkChangeable(new Date(appointment.start), deps.now?.() ?? new Date(), actor.tenant.bookingRules);
  if (violation)
    throw new AppError('invalid_input', cutoffMessage(actor.tenant.contactPhone), {
      details: { appointment: violation.rule },
    });
  const cancelled = await deps.provider.cancel({
    appointmentId: appointment.id,
    appointmentVersion: appointment.version,
    reason: input.reason ?? '',
    by: 'patient',
  });
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'appointment.cancel',
    outcome: 'success',
    patientId: acting.subject.id,
    origin: actor.origin,
    detail: { appointmentId: appointment.id },
  });
  const location = cancelled.locationId
    ? ((await deps.provider.listLocations()).find((candidate) => candidate.id === cancelled.locationId) ?? null)
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
    cancelled,
    'cancelled',
    cancelled.version,
  );
  return { appointment: cancelled };
}

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
