/**
 * Booking a slot for oneself or a dependent. Checks, in order: the person is one the patient may act
 * for; the clinic's booking rules; then books through the EHR atomically (a slot taken meanwhile is a
 * `conflict`, with the nearest alternatives for the page to offer). Safe to repeat with the same
 * idempotency key. Audited; the account holder is told and reminded.
 */
import { createHash } from 'node:crypto';
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError, type ErrorText } from '@/lib/errors';
import { withIdempotency } from '@/lib/http/idempotency';
import type { Appointment, Slot } from '@/lib/scheduling/types';
import { assertOnlineBookingAllowed } from '@/lib/tenancy/ehr-check';
import { resolveActingFor } from './acting-for';
import { describeSlots } from './find-slots';
import { notifyAccountHolder } from './appointment-notices';
import { REASON_MAX_LENGTH, type BookingDeps, type PatientActor } from './booking-deps';
import { isExistingPatient } from './existing-patient';
import { bookableRange, checkBookable, type BookingRuleViolation } from './rules';

/** The reason (and its values) a booking rule gives the patient. */
export function ruleText(violation: BookingRuleViolation): ErrorText {
  switch (violation.rule) {
    case 'in_the_past':
      return { reason: 'booking.inThePast' };
    case 'minimum_notice':
      return { reason: 'booking.minimumNotice' };
    case 'beyond_horizon':
      return { reason: 'booking.beyondHorizon' };
    case 'age_restricted':
      return { reason: violation.allowedFor === 'minors' ? 'booking.minorsOnly' : 'booking.adultsOnly' };
    case 'too_many_upcoming':
      return { reason: 'booking.tooManyUpcoming', params: { limit: violation.limit } };
    case 'existing_patients_only':
      return { reason: 'booking.newPatientsCall' };
  }
}

/** The request's key as the EHR sees it: bound to the clinic and the account, and no PHI. */
function bookingRequestKey(actor: PatientActor, idempotencyKey: string): string {
  return createHash('sha256')
    .update(`${actor.tenant.id}\u0000${actor.accountId}\u0000${idempotencyKey}`)
    .digest('base64url')
    .slice(0, 32);
}

export async function bookAppointment(
  deps: BookingDeps,
  actor: PatientActor,
  input: {
    forPatientId: string;
    slotId: string;
    slotVersion: string;
    reason?: string | undefined;
    idempotencyKey: string;
    /** The patient's hold of this slot (hold-slot.ts), when the review held it. */
    holdId?: string | undefined;
  },
): Promise<{ appointment: Appointment }> {
  const { database, provider } = deps;
  const now = deps.now?.() ?? new Date();
  assertOnlineBookingAllowed(actor.tenant);
  if ((input.reason?.length ?? 0) > REASON_MAX_LENGTH)
    throw new AppError('payload_too_large', 'booking.reasonTooLong', { params: { max: REASON_MAX_LENGTH } });
  const acting = await resolveActingFor(provider, actor.patientId, input.forPatientId);
  const audit = (outcome: 'success' | 'failure' | 'denied', detail: Record<string, string>): Promise<void> =>
    recordAudit(database, {
      tenantId: actor.tenant.id,
      actor: { type: 'patient', id: actor.accountId },
      action: 'appointment.book',
      outcome,
      patientId: acting.subject.id,
      origin: actor.origin,
      detail,
    });

  return withIdempotency(
    database,
    {
      tenantId: actor.tenant.id,
      key: input.idempotencyKey,
      request: { op: 'book', forPatientId: input.forPatientId, slotId: input.slotId, slotVersion: input.slotVersion },
    },
    async () => {
      const slot = await provider.getSlot(input.slotId);
      const horizonEnd = bookableRange(actor.tenant.bookingRules, now).latest.toISOString();
      const upcoming = slot.serviceCode
        ? (
            await provider.listAppointments({
              patientIds: [acting.subject.id],
              from: now.toISOString(),
              to: horizonEnd,
            })
          ).filter((appointment) => appointment.serviceCode === slot.serviceCode && appointment.status !== 'cancelled')
            .length
        : 0;
      const violation = checkBookable({
        slotStart: new Date(slot.start),
        now,
        timeZone: actor.tenant.timeZone,
        rules: actor.tenant.bookingRules,
        serviceCode: slot.serviceCode,
        patientBirthDate: acting.subject.birthDate,
        upcomingForService: upcoming,
        existingPatient:
          slot.serviceCode && actor.tenant.bookingRules.existingPatientsOnly.includes(slot.serviceCode)
            ? await isExistingPatient(provider, acting.subject.id, now)
            : undefined,
      });
      if (violation) {
        await audit('denied', { rule: violation.rule, slotId: slot.id });
        const { reason, params } = ruleText(violation);
        throw new AppError('invalid_input', reason, { params, details: { slot: violation.rule } });
      }
      let appointment: Appointment;
      try {
        appointment = await provider.book({
          slotId: slot.id,
          slotVersion: input.slotVersion,
          patientId: acting.subject.id,
          reason: input.reason || undefined,
          // Recorded on the appointment, so a booking whose reply was lost is found again, not repeated.
          requestKey: bookingRequestKey(actor, input.idempotencyKey),
          holdId: input.holdId,
        });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'conflict')) throw error;
        // Confirming again (back, then confirm) finds the time taken by this same person's booking.
        const own = await bookedOnSlot(deps, acting.subject.id, slot).catch(() => null);
        if (own) {
          await audit('failure', { reason: 'already_booked', slotId: slot.id, appointmentId: own.id });
          throw new AppError('conflict', 'booking.alreadyBooked', { cause: error, details: { appointmentId: own.id } });
        }
        await audit('failure', { reason: 'slot_taken', slotId: slot.id });
        throw await slotTaken(deps, actor, slot, error);
      }
      await audit('success', { appointmentId: appointment.id, slotId: slot.id });
      await notifyAccountHolder(deps, actor, acting, appointment, 'booked');
      return { appointment };
    },
  );
}

/** The person's own appointment (not cancelled) on this slot, if they already hold it. */
async function bookedOnSlot(
  deps: Pick<BookingDeps, 'provider'>,
  patientId: string,
  slot: Pick<Slot, 'id' | 'start' | 'end'>,
): Promise<Appointment | null> {
  const appointments = await deps.provider.listAppointments({
    patientIds: [patientId],
    from: slot.start,
    to: slot.end,
  });
  return (
    appointments.find(
      (appointment) =>
        appointment.status !== 'cancelled' &&
        appointment.status !== 'entered-in-error' &&
        appointment.slotIds.includes(slot.id),
    ) ?? null
  );
}

/** The conflict a patient meets when someone else got the time first, with the nearest free times instead. */
export async function slotTaken(
  deps: Pick<BookingDeps, 'provider'>,
  actor: Pick<PatientActor, 'tenant' | 'locale'>,
  slot: Pick<Slot, 'id' | 'serviceCode' | 'start'>,
  cause: unknown,
): Promise<AppError> {
  const alternatives = await nearestAlternatives(deps, slot)
    .then((slots) => describeSlots(deps.provider, actor.tenant, slots, actor.locale))
    .catch(() => []);
  return new AppError('conflict', 'booking.slotTaken', { cause, extra: { alternatives } });
}

/** The nearest free slots of the same service after a conflict, to offer instead. */
export async function nearestAlternatives(
  deps: Pick<BookingDeps, 'provider'>,
  slot: Pick<Slot, 'id' | 'serviceCode' | 'start'>,
  count = 3,
): Promise<Slot[]> {
  if (!slot.serviceCode) return [];
  const page = await deps.provider.searchFreeSlots({
    serviceCode: slot.serviceCode,
    from: slot.start,
    to: new Date(new Date(slot.start).getTime() + 14 * 86_400_000).toISOString(),
    pageSize: count + 1,
  });
  // Another clinician at the same time is the nearest alternative of all; only the slot itself is not.
  return page.items.filter((candidate) => candidate.id !== slot.id).slice(0, count);
}
