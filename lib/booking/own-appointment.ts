/**
 * What cancelling and rescheduling share: the appointment, if it is the patient's own or a linked
 * dependent's (anyone else's is "not found"), and the answer past the clinic's cancellation cutoff.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError, type ErrorText } from '@/lib/errors';
import type { Appointment } from '@/lib/scheduling/types';
import { resolveActingFor, type ActingFor } from './acting-for';
import { type BookingDeps, type PatientActor } from './booking-deps';

export async function ownAppointment(
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

export function cutoffText(phone: string | null): ErrorText {
  return phone ? { reason: 'booking.pastCutoffCall', params: { phone } } : { reason: 'booking.pastCutoff' };
}
