/**
 * Joining the waitlist, for oneself or a dependent: either for a service in a date range (nothing
 * suitable was found), or for an earlier time than a booked visit (same service; the visit is moved
 * when an offer is taken). Only where the clinic turned the waitlist on, and only for a service the
 * person may book (age rules). Audited.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { ruleText } from '@/lib/booking/book-appointment';
import { resolveActingFor } from '@/lib/booking/acting-for';
import type { PatientActor } from '@/lib/booking/booking-deps';
import { ownAppointment } from '@/lib/booking/own-appointment';
import { checkBookable } from '@/lib/booking/rules';
import { AppError } from '@/lib/errors';
import type { WaitlistDeps } from './waitlist-deps';

export interface JoinWaitlistInput {
  forPatientId: string;
  /** Required for a new booking; an earlier-time request takes its visit's service. */
  serviceCode?: string | undefined;
  practitionerId?: string | undefined;
  locationIds?: string[] | undefined;
  /** ISO instants of the wished range (new bookings). */
  earliest?: string | undefined;
  latest?: string | undefined;
  /** The booked visit to move earlier. */
  appointmentId?: string | undefined;
}

export async function joinWaitlist(
  deps: WaitlistDeps,
  actor: PatientActor,
  input: JoinWaitlistInput,
): Promise<{ entryId: string }> {
  const { tenant } = actor;
  if (!tenant.waitlistSettings.enabled) throw new AppError('invalid_input', 'waitlist.off');
  const now = deps.now?.() ?? new Date();
  let subjectId: string;
  let birthDate: string | null;
  let serviceCode: string;
  let earliest: Date;
  let latest: Date;
  let practitionerId = input.practitionerId ?? null;
  if (input.appointmentId) {
    const { appointment, acting } = await ownAppointment(deps, actor, input.appointmentId);
    if (appointment.status !== 'booked' || new Date(appointment.start) <= now || !appointment.serviceCode)
      throw new AppError('invalid_input', 'booking.cannotMove');
    subjectId = acting.subject.id;
    birthDate = acting.subject.birthDate;
    serviceCode = appointment.serviceCode;
    earliest = now;
    latest = new Date(appointment.start);
    practitionerId = input.practitionerId === undefined ? null : practitionerId;
  } else {
    const acting = await resolveActingFor(deps.provider, actor.patientId, input.forPatientId);
    if (!input.serviceCode) throw new AppError('invalid_input', 'waitlist.badRange');
    subjectId = acting.subject.id;
    birthDate = acting.subject.birthDate;
    serviceCode = input.serviceCode;
    earliest = new Date(input.earliest ?? now.toISOString());
    latest = new Date(input.latest ?? '');
    if (Number.isNaN(earliest.getTime()) || Number.isNaN(latest.getTime()) || latest <= earliest || latest <= now)
      throw new AppError('invalid_input', 'waitlist.badRange', {
        details: { latest: { reason: 'waitlist.badRange' } },
      });
    if (earliest < now) earliest = now;
  }
  // The age rule, on the first day the person could be offered a time.
  const rule = checkBookable({
    slotStart: new Date(
      Math.max(earliest.getTime(), now.getTime() + tenant.bookingRules.minimumNoticeMinutes * 60_000 + 60_000),
    ),
    now,
    timeZone: tenant.timeZone,
    rules: { ...tenant.bookingRules, horizonDays: 730 },
    serviceCode,
    patientBirthDate: birthDate,
    upcomingForService: 0,
    existingPatient: true,
  });
  if (rule?.rule === 'age_restricted') {
    await recordAudit(deps.database, {
      tenantId: tenant.id,
      actor: { type: 'patient', id: actor.accountId },
      action: 'waitlist.join',
      outcome: 'denied',
      patientId: subjectId,
      origin: actor.origin,
      detail: { rule: rule.rule, serviceCode },
    });
    const { reason, params } = ruleText(rule);
    throw new AppError('invalid_input', reason, { params });
  }
  const entry = await deps.database.waitlistEntry.create({
    data: {
      tenantId: tenant.id,
      accountId: actor.accountId,
      holderPatientId: actor.patientId,
      patientId: subjectId,
      serviceCode,
      practitionerId,
      locationIds: input.locationIds ?? [],
      earliest,
      latest,
      appointmentId: input.appointmentId ?? null,
    },
  });
  await recordAudit(deps.database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'waitlist.join',
    outcome: 'success',
    patientId: subjectId,
    origin: actor.origin,
    detail: { entryId: entry.id, serviceCode, ...(input.appointmentId ? { appointmentId: input.appointmentId } : {}) },
  });
  return { entryId: entry.id };
}
