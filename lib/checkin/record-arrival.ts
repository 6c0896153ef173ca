/**
 * The one way an appointment becomes `arrived`, whoever asks (phone, lobby poster, front desk), once
 * the caller has decided that it may: the EHR first (through the provider, with the version read), then
 * the CheckIn row and the desk event in one transaction (so every board hears of it), an audit entry
 * and the confirmation message. Already arrived (or further) is a no-op that says so.
 */
import { recordAudit, type AuditActor, type RequestOrigin } from '@/lib/audit/record-audit';
import { noticeContact } from '@/lib/notify/notice-contact';
import { AppError, type ErrorText } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { publishDeskEvent } from '@/lib/realtime/desk-events';
import type { Appointment, PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { formatLocalTime } from '@/lib/time/format';
import { decideWindow } from './geofence';
import type { CheckInDeps, CheckInMethod } from './check-in-deps';
import type { EffectiveCheckInSettings } from './effective-settings';
import type { RefusalReason } from './refusal';

export type CheckInOutcome = 'checked_in' | 'already_checked_in';

export interface CheckInResult {
  outcome: CheckInOutcome;
  appointmentId: string;
  status: Appointment['status'];
  patientName: string;
  message: string;
}

const ALREADY = new Set<Appointment['status']>(['arrived', 'checked-in', 'fulfilled']);

export function isAlreadyCheckedIn(appointment: Pick<Appointment, 'status'>): boolean {
  return ALREADY.has(appointment.status);
}

/** Why the appointment cannot be checked in now (window, day, status), or null. */
export function windowProblem(
  appointment: Appointment,
  now: Date,
  settings: EffectiveCheckInSettings,
): { reason: RefusalReason; text: ErrorText } | null {
  if (appointment.status !== 'booked') return { reason: 'not_checkable', text: { reason: 'checkIn.notBooked' } };
  const decision = decideWindow(new Date(appointment.start), now, settings.timeZone, settings);
  switch (decision.outcome) {
    case 'open':
      return null;
    case 'not_today':
      return { reason: 'not_today', text: { reason: 'checkIn.notToday' } };
    case 'too_early':
      return {
        reason: 'too_early',
        text: {
          reason: 'checkIn.tooEarly',
          params: { time: { time: decision.opensAt.toISOString(), timeZone: settings.timeZone } },
        },
      };
    case 'too_late':
      return {
        reason: 'too_late',
        text: {
          reason: 'checkIn.tooLate',
          params: { time: { time: decision.closedAt.toISOString(), timeZone: settings.timeZone } },
        },
      };
  }
}

export interface ArrivalInput {
  tenant: Tenant;
  appointment: Appointment;
  subject: PatientSummary;
  /** Who is told: the signed-in account holder (guardian), or the patient for a desk check-in. */
  recipient: PatientSummary;
  method: CheckInMethod;
  distanceMeters?: number | undefined;
  accuracyMeters?: number | undefined;
  auditActor: AuditActor;
  checkInActor: { type: 'patient' | 'staff'; id: string };
  locale: Locale;
  origin: RequestOrigin;
  timeZone: string;
}

function alreadyResult(appointment: Appointment, subject: PatientSummary): CheckInResult {
  return {
    outcome: 'already_checked_in',
    appointmentId: appointment.id,
    status: appointment.status,
    patientName: subject.name.display,
    message: `${subject.name.given || subject.name.display} is already checked in.`,
  };
}

export async function recordArrival(deps: CheckInDeps, input: ArrivalInput): Promise<CheckInResult> {
  const { appointment, subject, tenant } = input;
  if (isAlreadyCheckedIn(appointment)) return alreadyResult(appointment, subject);
  let arrived: Appointment;
  try {
    arrived = await deps.provider.setAppointmentStatus({
      appointmentId: appointment.id,
      appointmentVersion: appointment.version,
      status: 'arrived',
    });
  } catch (error) {
    // Someone (another tap, the desk) changed it meanwhile: arrived already is the same answer.
    if (error instanceof AppError && (error.code === 'conflict' || error.code === 'precondition_failed')) {
      const current = await deps.provider.getAppointment(appointment.id);
      if (isAlreadyCheckedIn(current)) return alreadyResult(current, subject);
    }
    throw error;
  }
  const locationId = arrived.locationId ?? appointment.locationId ?? '';
  await deps.database.$transaction(async (tx) => {
    await tx.checkIn.upsert({
      where: { tenantId_appointmentId: { tenantId: tenant.id, appointmentId: appointment.id } },
      create: {
        tenantId: tenant.id,
        appointmentId: appointment.id,
        locationId,
        method: input.method,
        distanceMeters: input.distanceMeters ?? null,
        accuracyMeters: input.accuracyMeters ?? null,
        actorType: input.checkInActor.type,
        actorId: input.checkInActor.id,
      },
      update: {},
    });
    await publishDeskEvent(tx, {
      tenantId: tenant.id,
      locationId,
      appointmentId: appointment.id,
      status: 'arrived',
      method: input.method,
    });
  });
  await recordAudit(deps.database, {
    tenantId: tenant.id,
    actor: input.auditActor,
    action: 'appointment.check_in',
    outcome: 'success',
    patientId: subject.id,
    origin: input.origin,
    detail: {
      appointmentId: appointment.id,
      method: input.method,
      ...(input.distanceMeters !== undefined ? { distanceMeters: input.distanceMeters } : {}),
    },
  });
  const contact = noticeContact(input.recipient);
  if (contact) {
    await deps.notifier.enqueue({
      tenant,
      channel: contact.channel,
      to: contact.to,
      template: 'check-in-confirmation',
      locale: input.locale,
      variables: {
        patient: subject.name.given || subject.name.display,
        when: formatLocalTime(appointment.start, input.timeZone, input.locale),
      },
      priority: 'transactional',
      idempotencyKey: `check-in-confirmation:${appointment.id}`,
      appointmentId: appointment.id,
    });
  }
  return {
    outcome: 'checked_in',
    appointmentId: appointment.id,
    status: arrived.status,
    patientName: subject.name.display,
    message: `${subject.name.given || subject.name.display} is checked in. Please take a seat; we will call you.`,
  };
}
