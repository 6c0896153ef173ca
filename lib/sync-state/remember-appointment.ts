/**
 * (Its own folder: lib/booking writes it and lib/sync reads it, and lib/sync uses lib/booking.)
 *
 * What change detection remembers of an account holder's appointment (`SyncedAppointment`): version,
 * status and start. The app's own bookings, moves and cancellations record the version they wrote, so
 * the change feed recognises them and reports nothing twice; and who booked it (the guardian, for a
 * dependent), so that person is the one told when the clinic changes it.
 *
 * A move or cancellation is announced before it is written (`expectAppointmentChange`): the change feed
 * can show the new version before the app has recorded it, and it must not be taken for the clinic's.
 */
import type { Database } from '@/lib/db/client';
import type { Appointment } from '@/lib/scheduling/types';

/** How long an announced change is awaited (a write to the EHR that takes longer has failed). */
export const EXPECTED_CHANGE_MS = 2 * 60_000;

type RememberedFields = Pick<Appointment, 'id' | 'version' | 'status' | 'start' | 'patientId' | 'locationId'>;

function holderOf(appointment: RememberedFields, holderPatientId: string | null): string | null {
  return holderPatientId === appointment.patientId ? null : holderPatientId;
}

export async function rememberAppointment(
  database: Database,
  tenantId: string,
  appointment: RememberedFields,
  holderPatientId: string | null = null,
): Promise<void> {
  const data = {
    version: appointment.version,
    status: appointment.status,
    start: new Date(appointment.start),
    changedAt: null,
    holderPatientId: holderOf(appointment, holderPatientId),
    patientId: appointment.patientId,
    locationId: appointment.locationId,
    expectedStatus: null,
    expectedStart: null,
    expectedUntil: null,
  };
  await database.syncedAppointment.upsert({
    where: { tenantId_appointmentId: { tenantId, appointmentId: appointment.id } },
    create: { tenantId, appointmentId: appointment.id, ...data },
    update: data,
  });
}

/**
 * Runs the app's write of a move or cancellation with the change announced to change detection first.
 * `expected` is what the appointment will be once written. A write that fails leaves the announcement
 * to expire: when only its reply was lost the change may still have been made, and it is the app's.
 */
export async function withExpectedAppointmentChange<T>(
  database: Database,
  tenantId: string,
  input: {
    appointment: RememberedFields;
    holderPatientId: string;
    expected: { status: Appointment['status']; start: string };
    now?: Date;
  },
  write: () => Promise<T>,
): Promise<T> {
  const { appointment } = input;
  const expectation = {
    expectedStatus: input.expected.status,
    expectedStart: new Date(input.expected.start),
    expectedUntil: new Date((input.now ?? new Date()).getTime() + EXPECTED_CHANGE_MS),
  };
  await database.syncedAppointment.upsert({
    where: { tenantId_appointmentId: { tenantId, appointmentId: appointment.id } },
    // Not followed yet (booked before the account, or before the first sync): what it is now.
    create: {
      tenantId,
      appointmentId: appointment.id,
      version: appointment.version,
      status: appointment.status,
      start: new Date(appointment.start),
      changedAt: null,
      holderPatientId: holderOf(appointment, input.holderPatientId),
      patientId: appointment.patientId,
      locationId: appointment.locationId,
      ...expectation,
    },
    update: expectation,
  });
  return write();
}

/**
 * Runs the front desk's write of a status (a no-show, its undo, a check-in) on an appointment change
 * detection follows: announced before the write and its version recorded after, so that the change feed
 * does not report the desk's own change back (a no-show undone must not return to the board as a
 * no-show when a poll reads the versions in between). Appointments not followed stay not followed.
 */
export async function withDeskStatusChange<T extends Pick<Appointment, 'version' | 'status' | 'start'>>(
  database: Database,
  tenantId: string,
  input: { appointment: Pick<Appointment, 'id' | 'start'>; status: Appointment['status']; now?: Date },
  write: () => Promise<T>,
): Promise<T> {
  const where = { tenantId, appointmentId: input.appointment.id };
  await database.syncedAppointment.updateMany({
    where,
    data: {
      expectedStatus: input.status,
      expectedStart: new Date(input.appointment.start),
      expectedUntil: new Date((input.now ?? new Date()).getTime() + EXPECTED_CHANGE_MS),
    },
  });
  const written = await write();
  await database.syncedAppointment.updateMany({
    where,
    data: {
      version: written.version,
      status: written.status,
      start: new Date(written.start),
      changedAt: null,
      expectedStatus: null,
      expectedStart: null,
      expectedUntil: null,
    },
  });
  return written;
}
