/**
 * Lobby check-in: a signed-in patient opened the location's poster link. No geolocation: the verified
 * signature proves the phone saw the poster. Checks in every appointment of the patient and their
 * dependents at that location whose window is open now (or only `appointmentId`, when given). A
 * tampered, expired or rotated poster, or a poster of another location, is refused and audited.
 */
import type { PatientActor } from '@/lib/booking/booking-deps';
import { resolveActingFor } from '@/lib/booking/acting-for';
import type { Appointment, PatientSummary } from '@/lib/scheduling/types';
import { addDays, zonedTimeToInstant } from '@/lib/time/zoned';
import { localDate } from '@/lib/time/zoned';
import { verifyPosterLink, type PosterLink } from './lobby-poster';
import type { CheckInDeps } from './check-in-deps';
import { effectiveCheckInSettings, findLocation } from './effective-settings';
import { ownedAppointment, refuse, type RefusalContext } from './refusal';
import { isAlreadyCheckedIn, recordArrival, windowProblem, type CheckInResult } from './record-arrival';

export interface PosterCheckInInput {
  link: PosterLink;
  appointmentId?: string | undefined;
}

export async function checkInByPoster(
  deps: CheckInDeps,
  actor: PatientActor,
  input: PosterCheckInInput,
): Promise<{ locationName: string; results: CheckInResult[] }> {
  const now = deps.now?.() ?? new Date();
  const context: RefusalContext = {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    origin: actor.origin,
    method: 'qr',
    appointmentId: input.appointmentId,
  };
  const check = await verifyPosterLink(deps.database, { tenantId: actor.tenant.id, link: input.link, now });
  switch (check.status) {
    case 'valid':
      break;
    case 'invalid':
      return refuse(deps, context, 'poster_invalid', 'invalid_input', { reason: 'checkIn.posterInvalid' });
    case 'expired':
      return refuse(deps, context, 'poster_expired', 'invalid_input', { reason: 'checkIn.posterExpired' });
    case 'rotated':
      return refuse(deps, context, 'poster_rotated', 'invalid_input', { reason: 'checkIn.posterRotated' });
  }
  const locations = await deps.provider.listLocations();
  const location = findLocation(locations, check.locationId);
  const settings = effectiveCheckInSettings(actor.tenant, check.locationId);
  const locationName = location?.name ?? actor.tenant.displayName;
  const arrive = (appointment: Appointment, subject: PatientSummary, account: PatientSummary): Promise<CheckInResult> =>
    recordArrival(deps, {
      tenant: actor.tenant,
      appointment,
      subject,
      recipient: account,
      method: 'qr',
      auditActor: context.actor,
      checkInActor: { type: 'patient', id: actor.accountId },
      locale: actor.locale,
      origin: actor.origin,
      timeZone: settings.timeZone,
    });

  if (input.appointmentId) {
    const { appointment, subject, account } = await ownedAppointment(deps, actor, input.appointmentId, 'qr');
    context.patientId = subject.id;
    if (appointment.locationId !== check.locationId) {
      const other = findLocation(locations, appointment.locationId);
      return refuse(
        deps,
        context,
        'wrong_location',
        'invalid_input',
        other
          ? { reason: 'checkIn.wrongLocation', params: { poster: locationName, other: other.name } }
          : { reason: 'checkIn.wrongLocationUnknown', params: { poster: locationName } },
      );
    }
    if (isAlreadyCheckedIn(appointment))
      return { locationName, results: [await arrive(appointment, subject, account)] };
    const problem = windowProblem(appointment, now, settings);
    if (problem) return refuse(deps, context, problem.reason, 'invalid_input', problem.text);
    return { locationName, results: [await arrive(appointment, subject, account)] };
  }

  const acting = await resolveActingFor(deps.provider, actor.patientId);
  const today = localDate(now, settings.timeZone);
  const appointments = await deps.provider.listAppointments({
    patientIds: acting.allowed.map((person) => person.id),
    from: zonedTimeToInstant(today, 0, 0, settings.timeZone).toISOString(),
    to: zonedTimeToInstant(addDays(today, 1), 0, 0, settings.timeZone).toISOString(),
  });
  const live = appointments.filter(
    (appointment) => appointment.status !== 'cancelled' && appointment.status !== 'entered-in-error',
  );
  const here = live.filter(
    (appointment) =>
      appointment.locationId === check.locationId &&
      (isAlreadyCheckedIn(appointment) || windowProblem(appointment, now, settings) === null),
  );
  if (here.length === 0) {
    const elsewhere = live.find(
      (appointment) => appointment.locationId !== check.locationId && appointment.status === 'booked',
    );
    if (elsewhere) {
      const other = findLocation(locations, elsewhere.locationId);
      return refuse(
        deps,
        context,
        'wrong_location',
        'invalid_input',
        other
          ? { reason: 'checkIn.wrongLocationToday', params: { poster: locationName, other: other.name } }
          : { reason: 'checkIn.wrongLocationTodayUnknown', params: { poster: locationName } },
      );
    }
    return refuse(deps, context, 'nothing_to_check_in', 'invalid_input', {
      reason: 'checkIn.nothingToCheckIn',
      params: { location: locationName, minutes: settings.windowBeforeMinutes },
    });
  }
  const results: CheckInResult[] = [];
  for (const appointment of here) {
    const subject = acting.allowed.find((person) => person.id === appointment.patientId);
    if (subject) results.push(await arrive(appointment, subject, acting.account));
  }
  return { locationName, results };
}
