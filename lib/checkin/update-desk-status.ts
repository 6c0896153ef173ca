/**
 * The front desk moves an appointment along the arrival workflow: `arrive` (manual check-in, method
 * desk), `check-in` (the patient is with us: FHIR `checked-in`), `noshow`, and `undo-noshow` (back to
 * `booked`, for a patient marked no-show by mistake or who turns up late). Only for the clinic day
 * (the appointment's local date at its location is today) and only at the clerk's locations: another
 * location's appointment is "not found", exactly as one that does not exist (audited, with the real
 * reason kept in the audit entry). Repeating an action is a no-op.
 */
import { createTranslator } from 'use-intl/core';
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { publishDeskEvent } from '@/lib/realtime/desk-events';
import { MESSAGES } from '@/lib/i18n/messages';
import type { Appointment } from '@/lib/scheduling/types';
import { withDeskStatusChange } from '@/lib/sync-state/remember-appointment';
import { localDate } from '@/lib/time/zoned';
import type { CheckInDeps, StaffActor } from './check-in-deps';
import { effectiveCheckInSettings } from './effective-settings';
import { refuse, type RefusalContext } from './refusal';
import { recordArrival } from './record-arrival';

export type DeskAction = 'arrive' | 'check-in' | 'noshow' | 'undo-noshow';

export interface DeskActionResult {
  appointmentId: string;
  status: Appointment['status'];
  changed: boolean;
  message: string;
}

interface DeskTransition {
  target: 'checked-in' | 'noshow' | 'booked';
  allowedFrom: Appointment['status'][];
  auditAction: string;
}

/** What each status action (all but `arrive`, which records an arrival) moves from and to. */
const DESK_TRANSITIONS: Record<Exclude<DeskAction, 'arrive'>, DeskTransition> = {
  'check-in': {
    target: 'checked-in',
    allowedFrom: ['booked', 'arrived'],
    auditAction: 'appointment.checked_in',
  },
  noshow: { target: 'noshow', allowedFrom: ['booked'], auditAction: 'appointment.noshow' },
  'undo-noshow': { target: 'booked', allowedFrom: ['noshow'], auditAction: 'appointment.noshow_undone' },
};

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
  const t = createTranslator({ locale: actor.locale, messages: MESSAGES[actor.locale], namespace: 'board' });
  const statusLabel = createTranslator({
    locale: actor.locale,
    messages: MESSAGES[actor.locale],
    namespace: 'appointmentStatus',
  });
  const appointment = await deps.provider.getAppointment(input.appointmentId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!appointment)
    return refuse(deps, context, 'not_found', 'not_found', {
      reason: 'booking.appointmentNotFound',
    });
  context.patientId = appointment.patientId ?? undefined;
  if (!mayWorkAt(actor, appointment.locationId)) {
    // Answered as "not found": a clerk learns nothing about other locations' appointments.
    await recordAudit(deps.database, {
      tenantId: actor.tenant.id,
      actor: auditActor,
      action: 'appointment.check_in',
      outcome: 'denied',
      ...(appointment.patientId ? { patientId: appointment.patientId } : {}),
      origin: actor.origin,
      detail: { reason: 'other_location', method: 'desk', appointmentId: appointment.id },
    });
    throw new AppError('not_found', 'booking.appointmentNotFound', { details: { reason: 'not_found' } });
  }
  const settings = effectiveCheckInSettings(actor.tenant, appointment.locationId);
  const now = deps.now?.() ?? new Date();
  const appointmentDay = localDate(new Date(appointment.start), settings.timeZone);
  if (appointmentDay !== localDate(now, settings.timeZone))
    return refuse(deps, context, 'not_today', 'invalid_input', {
      reason: 'checkIn.deskNotToday',
      params: { date: appointmentDay },
    });

  if (input.action === 'arrive') {
    if (appointment.status !== 'booked' && appointment.status !== 'arrived' && appointment.status !== 'checked-in') {
      return refuse(deps, context, 'not_checkable', 'invalid_input', {
        reason: 'checkIn.statusNotCheckable',
        params: { status: statusLabel(appointment.status) },
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
          ? t('result.arrived', { name: patient.name.display })
          : t('result.alreadyArrived', { name: patient.name.display }),
    };
  }

  const { target, allowedFrom } = DESK_TRANSITIONS[input.action];
  if (appointment.status === target)
    return {
      appointmentId: appointment.id,
      status: appointment.status,
      changed: false,
      message: t(`result.already.${input.action}`),
    };
  if (!allowedFrom.includes(appointment.status)) {
    return refuse(deps, context, 'not_checkable', 'invalid_input', {
      reason: 'checkIn.cannotMark',
      params: { status: statusLabel(appointment.status), target: statusLabel(target) },
    });
  }
  const updated = await withDeskStatusChange(deps.database, actor.tenant.id, { appointment, status: target }, () =>
    deps.provider.setAppointmentStatus({
      appointmentId: appointment.id,
      appointmentVersion: appointment.version,
      status: target,
    }),
  );
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
    action: DESK_TRANSITIONS[input.action].auditAction,
    outcome: 'success',
    ...(appointment.patientId ? { patientId: appointment.patientId } : {}),
    origin: actor.origin,
    detail: { appointmentId: appointment.id, from: appointment.status },
  });
  return {
    appointmentId: appointment.id,
    status: updated.status,
    changed: true,
    message: t(`result.done.${input.action}`),
  };
}
