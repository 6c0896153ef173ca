/**
 * An appointment as an iCalendar (RFC 5545) file, for "Add to calendar" and appointment emails, built
 * with ical-generator. Calendar apps match revisions by UID and SEQUENCE (RFC 5546 §2.1.4), so the
 * UID is stable per appointment and SEQUENCE grows with each change the EHR records (a move, then a
 * cancellation); a cancellation is METHOD:CANCEL with STATUS:CANCELLED, so the event is removed.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { formatPostalAddress } from '@/lib/scheduling/address';
import type { Appointment, Location } from '@/lib/scheduling/types';

export interface AppointmentCalendarEvent {
  /** Stable for the appointment: `{appointment id}@{clinic}`. */
  uid: string;
  /** Grows with each revision (see `calendarSequence`). */
  sequence: number;
  start: string;
  end: string;
  summary: string;
  /** The clinic's location: its name, street address and position. */
  location: Pick<Location, 'name' | 'address' | 'position'> | null;
  /** The clinician's name, when known. */
  clinician: string | null;
  /** Why the patient is coming (the visit reason), when the file may carry it. */
  reason?: string | null;
  /** The appointment's page (details, change, cancel). */
  url: string;
  /** The clinic, as organizer (RFC 5546 wants one on a CANCEL). */
  organizer: { name: string; email: string };
  method?: 'PUBLISH' | 'CANCEL';
}

const SEQUENCE_EPOCH_MS = Date.UTC(2024, 0, 1);

/**
 * SEQUENCE for an appointment's calendar event: from the EHR's last change of it (or now when the EHR
 * does not say), two numbers per second since 2024, the odd one for a cancellation. So each revision
 * the EHR records has a larger number than the ones before, and a cancellation made within the same
 * second as a move still supersedes it, without the app keeping a counter of its own (int32 lasts to 2058).
 */
export function calendarSequence(appointment: Pick<Appointment, 'updatedAt' | 'status'>, now = new Date()): number {
  const changed = appointment.updatedAt ? Date.parse(appointment.updatedAt) : now.getTime();
  const seconds = Math.max(0, Math.floor((changed - SEQUENCE_EPOCH_MS) / 1000));
  return seconds * 2 + (appointment.status === 'cancelled' ? 1 : 0);
}

export function appointmentIcs(event: AppointmentCalendarEvent): string {
  const cancelled = event.method === 'CANCEL';
  const calendar = ical({
    prodId: { company: 'fhir-scheduling', product: 'appointments', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  const address = formatPostalAddress(event.location?.address);
  const position = event.location?.position;
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    start: new Date(event.start),
    end: new Date(event.end),
    stamp: new Date(),
    summary: event.summary,
    location: event.location
      ? {
          title: event.location.name,
          ...(address ? { address } : {}),
          ...(position ? { geo: { lat: position.latitude, lon: position.longitude } } : {}),
        }
      : null,
    description: [event.reason ?? null, event.clinician ? `${event.clinician}` : null, address, event.url]
      .filter(Boolean)
      .join('\n'),
    url: event.url,
    organizer: event.organizer,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
