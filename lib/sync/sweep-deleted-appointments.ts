/**
 * Appointments deleted in the EHR (gone, not cancelled) appear in no change feed. Every few minutes a
 * clinic's run compares the appointments change detection follows (still to come, not cancelled) with
 * the ones the EHR still has; each one gone becomes an `appointment-deleted` event (its reminders
 * cancelled, the account holder told, the board updated), from what the sync remembered of it: its
 * start and the ids of its patient and location, never a copy of the EHR's data.
 */
import { log } from '@/lib/logger';
import { cancelReminders } from '@/lib/notify/reminders';
import type { Tenant } from '@/lib/tenancy/tenant';
import { storeSchedulingEvents, type SchedulingEvent } from './scheduling-events';
import type { SyncDeps } from './sync-deps';

/** How often a clinic's followed appointments are compared with the EHR's. */
export const DELETION_SWEEP_MS = 5 * 60_000;

/** Stores an event for each followed appointment the EHR no longer has; returns how many. */
export async function sweepDeletedAppointments(
  deps: SyncDeps,
  tenant: Tenant,
  options: { now: Date; lastSweptAt: Date | null },
): Promise<number> {
  const { now } = options;
  if (options.lastSweptAt && now.getTime() - options.lastSweptAt.getTime() < DELETION_SWEEP_MS) return 0;
  const followed = await deps.database.syncedAppointment.findMany({
    where: { tenantId: tenant.id, start: { gt: now }, status: { notIn: ['cancelled', 'noshow'] } },
    select: {
      appointmentId: true,
      version: true,
      start: true,
      patientId: true,
      locationId: true,
      holderPatientId: true,
    },
  });
  const existing = new Set(
    followed.length > 0
      ? await deps.providerFor(tenant).existingAppointmentIds(followed.map((item) => item.appointmentId))
      : [],
  );
  const gone = followed.filter((item) => !existing.has(item.appointmentId));
  const events = gone.flatMap(({ appointmentId, version, start, patientId, locationId, holderPatientId }) => {
    // Followed before the app kept the patient's id: its reminders are cancelled, nobody can be told.
    if (!patientId) return [];
    const event: SchedulingEvent = {
      type: 'appointment-deleted',
      appointmentId,
      version,
      patientId,
      holderPatientId: holderPatientId ?? patientId,
      start: start.toISOString(),
      locationId,
    };
    return [{ event, changedAt: now.toISOString() }];
  });
  await deps.database.$transaction(async (tx) => {
    await storeSchedulingEvents(tx, tenant.id, events);
    await tx.syncedAppointment.updateMany({
      where: { tenantId: tenant.id, appointmentId: { in: gone.map((item) => item.appointmentId) } },
      data: { status: 'cancelled', changedAt: now },
    });
    await tx.clinicSync.update({ where: { tenantId: tenant.id }, data: { deletionsSweptAt: now } });
  });
  for (const item of gone.filter((candidate) => !candidate.patientId))
    await cancelReminders(deps.notifier, tenant.id, item.appointmentId);
  if (gone.length > 0)
    log().info(
      { tenant: tenant.slug, followed: followed.length, deleted: gone.length },
      'appointments deleted in the EHR',
    );
  return events.length;
}
