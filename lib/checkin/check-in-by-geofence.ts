/**
 * "I'm here" from the patient's phone: the server decides, from the phone's position and reported
 * accuracy, whether the patient (or the dependent with them) is at the appointment's location, on the
 * appointment's day and within the check-in window in the location's time zone. Every refusal is a 4xx
 * with an audit entry, and nothing is written to the EHR.
 */
import type { PatientActor } from '@/lib/booking/booking-deps';
import { decideGeofence, isValidPosition } from './geofence';
import type { CheckInDeps } from './check-in-deps';
import { effectiveCheckInSettings, findLocation } from './effective-settings';
import { ownedAppointment, refuse, type RefusalContext } from './refusal';
import { isAlreadyCheckedIn, recordArrival, windowProblem, type CheckInResult } from './record-arrival';

export interface GeofenceInput {
  appointmentId: string;
  /** Degrees; null or NaN is refused. */
  latitude: number | null;
  longitude: number | null;
  /** The phone's reported accuracy radius, metres. */
  accuracy: number | null;
}

export async function checkInByGeofence(
  deps: CheckInDeps,
  actor: PatientActor,
  input: GeofenceInput,
): Promise<CheckInResult> {
  const context: RefusalContext = {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    origin: actor.origin,
    method: 'geofence',
    appointmentId: input.appointmentId,
  };
  const position = {
    latitude: input.latitude ?? Number.NaN,
    longitude: input.longitude ?? Number.NaN,
    accuracyMeters: input.accuracy ?? Number.NaN,
  };
  if (!isValidPosition(position)) {
    return refuse(deps, context, 'invalid_position', 'invalid_input', { reason: 'checkIn.invalidPosition' });
  }
  const { appointment, subject, account } = await ownedAppointment(deps, actor, input.appointmentId, 'geofence');
  context.patientId = subject.id;
  const location = findLocation(await deps.provider.listLocations(), appointment.locationId);
  const settings = effectiveCheckInSettings(actor.tenant, appointment.locationId);
  if (isAlreadyCheckedIn(appointment)) {
    return recordArrival(deps, {
      tenant: actor.tenant,
      appointment,
      subject,
      recipient: account,
      method: 'geofence',
      auditActor: context.actor,
      checkInActor: { type: 'patient', id: actor.accountId },
      locale: actor.locale,
      origin: actor.origin,
      timeZone: settings.timeZone,
    });
  }
  const problem = windowProblem(appointment, deps.now?.() ?? new Date(), settings);
  if (problem) return refuse(deps, context, problem.reason, 'invalid_input', problem.text);
  if (!location?.position) {
    return refuse(deps, context, 'no_geofence', 'invalid_input', { reason: 'checkIn.noGeofence' });
  }
  const decision = decideGeofence(position, location.position, settings);
  switch (decision.outcome) {
    case 'inside':
      return recordArrival(deps, {
        tenant: actor.tenant,
        appointment,
        subject,
        recipient: account,
        method: 'geofence',
        distanceMeters: decision.distanceMeters,
        accuracyMeters: Math.round(position.accuracyMeters),
        auditActor: context.actor,
        checkInActor: { type: 'patient', id: actor.accountId },
        locale: actor.locale,
        origin: actor.origin,
        timeZone: settings.timeZone,
      });
    case 'poor_accuracy':
      return refuse(
        deps,
        context,
        'poor_accuracy',
        'invalid_input',
        { reason: 'checkIn.poorAccuracy', params: { accuracy: { meters: decision.accuracyMeters } } },
        {
          accuracyMeters: String(decision.accuracyMeters),
          distanceMeters: String(decision.distanceMeters),
        },
      );
    case 'too_far':
      return refuse(
        deps,
        context,
        'too_far',
        'invalid_input',
        {
          reason: 'checkIn.tooFar',
          params: { distance: { meters: decision.distanceMeters }, location: location.name },
        },
        {
          distanceMeters: String(decision.distanceMeters),
          allowedMeters: String(decision.allowedMeters),
        },
      );
  }
}

/** "350 m", "2.4 km". */
export function formatDistance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} m` : `${(meters / 1000).toFixed(meters < 10_000 ? 1 : 0)} km`;
}
