/**
 * Whether someone is an existing patient of the clinic: seen there (an appointment that was not
 * cancelled, missed or entered in error) in the last three years, by the EHR's appointments.
 */
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { AppointmentStatus } from '@/lib/scheduling/types';

const SEEN: readonly AppointmentStatus[] = ['fulfilled', 'arrived', 'checked-in', 'booked'];
const LOOK_BACK_DAYS = 3 * 365;

export async function isExistingPatient(provider: SchedulingProvider, patientId: string, now: Date): Promise<boolean> {
  const past = await provider.listAppointments({
    patientIds: [patientId],
    from: new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString(),
    to: now.toISOString(),
  });
  return past.some((appointment) => SEEN.includes(appointment.status));
}
