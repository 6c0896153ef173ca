/**
 * The calendar file of one appointment, the same whether downloaded ("Add to calendar") or attached
 * to a notice: stable UID per appointment, SEQUENCE from the EHR's last change, the location's street
 * address, the clinician, and METHOD:CANCEL once cancelled. The visit reason goes only into the file the
 * patient downloads while signed in (`reason`), never into one attached to an email.
 */
import { appointmentIcs, calendarSequence } from '@/lib/notify/ics';
import type { Appointment, Location } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';

export function appointmentCalendarFile(input: {
  tenant: Pick<Tenant, 'slug' | 'displayName'>;
  appointment: Pick<Appointment, 'id' | 'start' | 'end' | 'status' | 'updatedAt'>;
  serviceName: string | null;
  /** Who the visit is for (first name), for a guardian's calendar. */
  patientName: string | null;
  location: Location | null;
  clinician: string | null;
  /** The visit reason, for the downloaded file only. */
  reason?: string | null;
  url: string;
  organizer: { name: string; email: string };
}): string {
  const { tenant, appointment } = input;
  const what = input.serviceName ?? tenant.displayName;
  return appointmentIcs({
    uid: `${appointment.id}@${tenant.slug}`,
    sequence: calendarSequence(appointment),
    start: appointment.start,
    end: appointment.end,
    summary: input.patientName ? `${what}: ${input.patientName}` : what,
    location: input.location ?? { name: tenant.displayName, address: null, position: null },
    clinician: input.clinician,
    reason: input.reason ?? null,
    url: input.url,
    organizer: input.organizer,
    method: appointment.status === 'cancelled' ? 'CANCEL' : 'PUBLISH',
  });
}
