/**
 * What change detection remembers of an account holder's appointment (`SyncedAppointment`): version,
 * status and start. The app's own bookings, moves and cancellations record the version they wrote, so
 * the change feed recognises them and reports nothing twice.
 */
import type { Database } from '@/lib/db/client';
import type { Appointment } from '@/lib/scheduling/types';

export async function rememberAppointment(
  database: Database,
  tenantId: string,
  appointment: Pick<Appointment, 'id' | 'version' | 'status' | 'start'>,
  changedAt: string | null = null,
): Promise<void> {
  const data = {
    version: appointment.version,
    status: appointment.status,
    start: new Date(appointment.start),
    changedAt: changedAt ? new Date(changedAt) : null,
  };
  await database.syncedAppointment.upsert({
    where: { tenantId_appointmentId: { tenantId, appointmentId: appointment.id } },
    create: { tenantId, appointmentId: appointment.id, ...data },
    update: data,
  });
}
