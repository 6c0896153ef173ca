/**
 * The front desk moves an appointment along the arrival workflow: `arrive` (manual check-in, method
 * desk), `check-in` (the patient is with us: FHIR `checked-in`) or `noshow`. A clerk may act only on
 * the locations they work at; anything else is refused (403) and audited, with nothing changed.
 * Repeating an action is a no-op.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { publishDeskEvent } from '@/lib/realtime/desk-events';
import type { Appointment } from '@/lib/scheduling/types';
import type { CheckInDeps, StaffActor } from './check-in-deps';
import { effectiveCheckInSettings, findLocation } from './effective-settings';
import { refuse, type RefusalContext } from './refusal';
import { recordArrival } from './record-arrival';

export type DeskAction = 'arrive' | 'check-in' | 'noshow';

export interface DeskActionResult {
  appointmentId: string;
  status: Appointment['status'];
  changed: boolean;
  message: string;
}

export function mayWorkAt(actor: Pick<StaffActor, 'locationIds'>, locationId: string | null): boolean {
  return actor.locationIds.length === 0 || (locationId !== null && actor.locationIds.includes(locationId));
}

export async function updateDeskStatus(
  deps: CheckInDeps,
  actor: StaffActor,
  input: { appointmentId: string; action: DeskAction },
): Promise<DeskActionResult> {
  const auditActor = { type: 'staff' as const, id: actor.staffId, role: actor.role };
  const context: RefusalContext = {
    tenantId: actor.tenant.id,
    actor: auditActor,
    origin: actor.origin,
    method: 'desk',
    appointmentId: input.appointmentId,
  };
  const appointment = await deps.provider.getAppointment(input.appointmentId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!appointment)
    return refuse(deps, context, 'not_found', 'not_found', {
      reason: 'booking.appointmentNotFound',
    });
  context.patientId = appointment.patientId ?? undefined;
  const locations = await deps.provider.listLocations();
  if (!mayWorkAt(actor, appointment.locationId)) {
    const location = findLocation(locations, appointment.locationId);
    return refuse(
      deps,
      context,
      'other_location',
      'forbidden',
      location
        ? { reason: 'checkIn.otherLocation', params: { location: location.name } }
        : { reason: 'checkIn.otherLocationUnknown' },
    );
  }
  const settings = effectiveCheckInSettings(actor.tenant, appointment.locationId);

  if (input.action === 'arrive') {
    if (appointment.status !== 'booked' && appointment.status !== 'arrived' && appointment.status !== 'checked-in') {
      return refuse(deps, context, 'not_checkable', 'invalid_input', {
        reason: 'checkIn.statusNotCheckable',
        params: { status: appointment.status },
      });
    }
    if (!appointment.patientId)
      return refuse(deps, context, 'not_checkable', 'invalid_input', { reason: 'checkIn.noPatient' });
    const patient = await deps.provider.getPatient(appointment.patientId);
    const result = await recordArrival(deps, {
      tenant: actor.tenant,
      appointment,
      subject: patient,
      recipient: patient,
      method: 'desk',
      auditActor,
      checkInActor: { type: 'staff', id: actor.staffId },
      locale: actor.locale,
      origin: actor.origin,
      timeZone: settings.timeZone,
    });
    return {
      appointmentId: appointment.id,
      status: result.status,
      changed: result.outcome === 'checked_in',
      message:
        result.outcome === 'checked_in'
          ? `${patient.name.display} is checked in.`
          : `${patient.name.display} is already checked in.`,
    };
  }

  const target = input.action === 'check-in' ? 'checked-in' : 'noshow';
  if (appointment.status === target)
    return {
      appointmentId: appointment.id,
      status: appointment.status,
      changed: false,
      message: `Already marked ${target}.`,
    };
  const allowedFrom: Appointment['status'][] = input.action === 'check-in' ? ['booked', 'arrived'] : ['booked'];
  if (!allowedFrom.includes(appointment.status)) {
    return refuse(deps, context, 'not_checkable', 'invalid_input', {
      reason: 'checkIn.cannotMark',
      params: { status: appointment.status, target },
    });
  }
  const updated = await deps.provider.setAppointmentStatus({
    appointmentId: appointment.id,
    appointmentVersion: appointment.version,
    status: target,
  });
  const locationId = appointment.locationId ?? '';
  await deps.database.$transaction(async (tx) => {
    let method: 'desk' | null = null;
    if (target === 'checked-in' && appointment.status === 'booked') {
      const existing = await tx.checkIn.findUnique({
        where: { tenantId_appointmentId: { tenantId: actor.tenant.id, appointmentId: appointment.id } },
      });
      if (!existing) {
        await tx.checkIn.create({
          data: {
            tenantId: actor.tenant.id,
            appointmentId: appointment.id,
            locationId,
            method: 'desk',
            actorType: 'staff',
            actorId: actor.staffId,
          },
        });
        method = 'desk';
      }
    }
    await publishDeskEvent(tx, {
      tenantId: actor.tenant.id,
      locationId,
      appointmentId: appointment.id,
      status: target,
      method,
    });
  });
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: auditActor,
    action: input.action === 'check-in' ? 'appointment.checked_in' : 'appointment.noshow',
    outcome: 'success',
    ...(appointment.patientId ? { patientId: appointment.patientId } : {}),
    origin: actor.origin,
    detail: { appointmentId: appointment.id, from: appointment.status },
  });
  return {
    appointmentId: appointment.id,
    status: updated.status,
    changed: true,
    message: target === 'checked-in' ? 'Marked checked in.' : 'Marked no-show.',
  };
}
