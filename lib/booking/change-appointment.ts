/**
 * Cancelling and rescheduling one's own (or a dependent's) appointment, until the clinic's cutoff.
 * An appointment of anyone else is "not found". Rescheduling is atomic in the EHR: the old slot is
 * released only if the new one is secured.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError, type ErrorText } from '@/lib/errors';
import type { Appointment } from '@/lib/scheduling/types';
import { resolveActingFor, type ActingFor } from './acting-for';
import { sendAppointmentNotice } from './appointment-notices';
import { ruleText, slotTaken } from './book-appointment';
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
      throw new AppError('not_found', 'booking.appointmentNotFound');
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
    throw new AppError('not_found', 'booking.appointmentNotFound');
  }
  return { appointment, acting: { ...acting, subject } };
}

function cutoffText(phone: string | null): ErrorText {
  return phone ? { reason: 'booking.pastCutoffCall', params: { phone } } : { reason: 'booking.pastCutoff' };
}

export async function cancelAppointment(
  deps: BookingDeps,
  actor: PatientActor,
  input: { appointmentId: string; reason?: string | undefined },
): Promise<{ appointment: Appointment }> {
  if ((input.reason?.length ?? 0) > REASON_MAX_LENGTH)
    throw new AppError('payload_too_large', 'booking.reasonTooLong', { params: { max: REASON_MAX_LENGTH } });
  const { appointment, acting } = await ownAppointment(deps, actor, input.appointmentId);
  if (appointment.status === 'cancelled') return { appointment };
  if (appointment.status !== 'booked') throw new AppError('invalid_input', 'booking.cannotCancel');
  const violation = checkChangeable(new Date(appointment.start), deps.now?.() ?? new Date(), actor.tenant.bookingRules);
  if (violation) {
    const { reason, params } = cutoffText(actor.tenant.contactPhone);
    throw new AppError('invalid_input', reason, { params, details: { appointment: violation.rule } });
  }
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
  const moved = await deps.provider
    .reschedule({
      appointmentId: appointment.id,
      appointmentVersion: appointment.version,
      newSlotId: slot.id,
      newSlotVersion: input.newSlotVersion,
    })
    .catch(async (error: unknown) => {
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
