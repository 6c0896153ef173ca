/**
 * (Its own folder: lib/booking writes it and lib/sync reads it, and lib/sync uses lib/booking.)
 *
 * What change detection remembers of an account holder's appointment (`SyncedAppointment`): version,
 * status and start. The app's own bookings, moves and cancellations record the version they wrote, so
 * the change feed recognises them and reports nothing twice; and who booked it (the guardian, for a
 * dependent), so that person is the one told when the clinic changes it.
 */
import type { Database } from '@/lib/db/client';
import type { Appointment } from '@/lib/scheduling/types';

export async function rememberAppointment(
  database: Database,
  tenantId: string,
  appointment: Pick<Appointment, 'id' | 'version' | 'status' | 'start' | 'patientId'>,
  holderPatientId: string | null = null,
): Promise<void> {
  const data = {
    version: appointment.version,
    status: appointment.status,
    start: new Date(appointment.start),
    changedAt: null,
    holderPatientId: holderPatientId === appointment.patientId ? null : holderPatientId,
  };
  await database.syncedAppointment.upsert({
    where: { tenantId_appointmentId: { tenantId, appointmentId: appointment.id } },
    create: { tenantId, appointmentId: appointment.id, ...data },
    update: data,
  });
}
