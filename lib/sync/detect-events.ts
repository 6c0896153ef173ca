/**
 * From changes to events: compares each appointment version with what the sync remembers of it (its
 * last version, status and start) to tell a clinic's cancellation from a move, a booking made in the
 * EHR from one made in the app, and the app's own changes (same version, or the move or cancellation
 * the app announced before writing it: nothing to report). Only appointments of patients with an app
 * account, or of their dependents, are followed. Slots that are free are `slot-opened`; a slot taken
 * out (busy-unavailable) or a schedule made inactive is `schedule-blocked`.
 */
import type { Change } from '@/lib/scheduling/types';
import type { SchedulingEvent } from './scheduling-events';

export interface RememberedAppointment {
  version: string;
  status: string;
  start: Date;
  changedAt: Date | null;
  holderPatientId: string | null;
  /** The EHR's ids of its patient and location (to tell of it and update the board once it is deleted). */
  patientId?: string | null;
  locationId?: string | null;
  /** A move or cancellation the app announced it is writing (lib/sync-state/remember-appointment.ts). */
  expectedStatus?: string | null;
  expectedStart?: Date | null;
  expectedUntil?: Date | null;
}

/** The version is the app's own announced change: same status and start, seen before it expired. */
function isExpectedChange(before: RememberedAppointment | undefined, change: Extract<Change, { kind: 'appointment' }>) {
  if (!before?.expectedStatus || !before.expectedStart || !before.expectedUntil) return false;
  return (
    before.expectedStatus === change.appointment.status &&
    before.expectedStart.getTime() === new Date(change.appointment.start).getTime() &&
    new Date(change.updatedAt) <= before.expectedUntil
  );
}

export interface Detection {
  events: { event: SchedulingEvent; changedAt: string }[];
  /** What to remember of each followed appointment afterwards. */
  remember: Map<string, RememberedAppointment>;
  unmappable: Extract<Change, { kind: 'unmappable' }>[];
}

export function detectEvents(input: {
  changes: Change[];
  /** Patients with an app account (EHR ids). */
  accountPatientIds: ReadonlySet<string>;
  /** Dependents of account holders (patient id to the guardian's): their visits are told to the guardian. */
  guardianOf?: ReadonlyMap<string, string>;
  remembered: ReadonlyMap<string, RememberedAppointment>;
  now: Date;
}): Detection {
  const remembered = new Map(input.remembered);
  const remember = new Map<string, RememberedAppointment>();
  const events: Detection['events'] = [];
  const unmappable: Detection['unmappable'] = [];
  const ordered = [...input.changes].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  for (const change of ordered) {
    switch (change.kind) {
      case 'unmappable':
        unmappable.push(change);
        break;
      case 'slot': {
        const { slot } = change;
        if (new Date(slot.end) <= input.now) break;
        if (slot.status === 'free')
          events.push({
            changedAt: change.updatedAt,
            event: {
              type: 'slot-opened',
              slotId: slot.id,
              version: change.version,
              scheduleId: slot.scheduleId,
              start: slot.start,
              end: slot.end,
              serviceCode: slot.serviceCode,
              practitionerId: slot.practitionerId,
              locationId: slot.locationId,
            },
          });
        else if (slot.status === 'busy-unavailable')
          events.push({
            changedAt: change.updatedAt,
            event: {
              type: 'schedule-blocked',
              scheduleId: slot.scheduleId,
              version: change.version,
              slotId: slot.id,
              start: slot.start,
              end: slot.end,
            },
          });
        break;
      }
      case 'schedule':
        if (!change.schedule.active)
          events.push({
            changedAt: change.updatedAt,
            event: {
              type: 'schedule-blocked',
              scheduleId: change.id,
              version: change.version,
              slotId: null,
              start: null,
              end: null,
            },
          });
        break;
      case 'appointment': {
        const { appointment } = change;
        const patientId = appointment.patientId;
        const before = remembered.get(appointment.id);
        const guardian = input.guardianOf?.get(patientId ?? '');
        if (!patientId || (!before && !input.accountPatientIds.has(patientId) && !guardian)) break;
        if (before?.version === change.version) break;
        if (before?.changedAt && new Date(change.updatedAt) <= before.changedAt) break;
        const common = {
          appointmentId: appointment.id,
          version: change.version,
          patientId,
          holderPatientId: before?.holderPatientId ?? guardian ?? patientId,
          start: appointment.start,
          locationId: appointment.locationId,
        };
        const future = new Date(appointment.start) > input.now;
        const own = isExpectedChange(before, change);
        const wasActive = before !== undefined && before.status !== 'cancelled';
        if (own) {
          // The app's move or cancellation, seen before the app recorded its version: nothing to report.
        } else if (appointment.status === 'cancelled') {
          if (future && (wasActive || (!before && change.bookedByApp)))
            events.push({ changedAt: change.updatedAt, event: { type: 'appointment-cancelled', ...common } });
        } else if (appointment.status === 'noshow') {
          if (before?.status !== 'noshow')
            events.push({ changedAt: change.updatedAt, event: { type: 'appointment-noshow', ...common } });
        } else if (appointment.status === 'booked') {
          if (wasActive && before.start.getTime() !== new Date(appointment.start).getTime()) {
            if (future)
              events.push({
                changedAt: change.updatedAt,
                event: { type: 'appointment-moved', ...common, previousStart: before.start.toISOString() },
              });
          } else if (future && ((!before && !change.bookedByApp) || before?.status === 'cancelled')) {
            events.push({ changedAt: change.updatedAt, event: { type: 'appointment-booked', ...common } });
          }
        }
        const now = {
          version: change.version,
          status: appointment.status,
          start: new Date(appointment.start),
          changedAt: new Date(change.updatedAt),
          holderPatientId: before?.holderPatientId ?? guardian ?? null,
          patientId,
          locationId: appointment.locationId,
          expectedStatus: before?.expectedStatus ?? null,
          expectedStart: before?.expectedStart ?? null,
          expectedUntil: before?.expectedUntil ?? null,
        };
        remembered.set(appointment.id, now);
        remember.set(appointment.id, now);
        break;
      }
    }
  }
  return { events, remember, unmappable };
}
