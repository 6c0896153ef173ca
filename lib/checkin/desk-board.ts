/**
 * The front-desk board's data and its pure rules, shared by the server (building it) and the browser
 * (applying live events, telling late from waiting). No I/O and no server-only imports here.
 */
import type { AppointmentStatus } from '@/lib/scheduling/types';
import { ageOn } from '@/lib/time/age';

export interface DeskBoardRow {
  appointmentId: string;
  locationId: string;
  start: string;
  end: string;
  /** Start in the location's local time, e.g. "9:30 AM". */
  timeLabel: string;
  patientName: string;
  age: number | null;
  practitionerName: string | null;
  status: AppointmentStatus;
  checkIn: { method: 'geofence' | 'qr' | 'desk'; at: string } | null;
  /** The last insurance eligibility result for the visit (or the patient's latest); null: never checked. */
  eligibility?: 'active' | 'inactive' | 'unknown' | null;
}

export interface DeskBoardLocation {
  id: string;
  name: string;
  rows: DeskBoardRow[];
}

export interface DeskBoardData {
  /** The local date shown (YYYY-MM-DD). */
  date: string;
  timeZone: string;
  /** The newest desk event when the board was read: the live feed resumes after it. */
  lastEventId: string;
  locations: DeskBoardLocation[];
}

/** What the clerk should notice about a row at a glance. */
export type RowState = 'waiting' | 'late' | 'arrived' | 'checked-in' | 'noshow' | 'done' | 'cancelled';

export function rowState(row: Pick<DeskBoardRow, 'status' | 'start'>, now: Date): RowState {
  switch (row.status) {
    case 'arrived':
      return 'arrived';
    case 'checked-in':
      return 'checked-in';
    case 'noshow':
      return 'noshow';
    case 'fulfilled':
      return 'done';
    case 'cancelled':
    case 'entered-in-error':
      return 'cancelled';
    case 'booked':
    case 'pending':
    case 'proposed':
    case 'waitlist':
      return new Date(row.start).getTime() < now.getTime() ? 'late' : 'waiting';
  }
}

/**
 * A row's age: whole years between a birth date and the board's local date (both YYYY-MM-DD; `ageOn`,
 * so a 29 February birthday counts on 28 February in common years); null without a usable birth date.
 */
export function boardAge(birthDate: string | null, date: string): number | null {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  return ageOn(birthDate, date);
}

export interface LiveDeskEvent {
  id: string;
  locationId: string;
  appointmentId: string;
  status: 'arrived' | 'checked-in' | 'noshow' | 'booked' | 'cancelled';
  method: 'geofence' | 'qr' | 'desk' | null;
  createdAt: string;
}

/**
 * The board after a live event: the row's status (and its check-in, for an arrival) change; an event
 * for an appointment the board does not show is reported as `unknown` so the caller can reload.
 */
export function applyDeskEvent(
  board: DeskBoardData,
  event: LiveDeskEvent,
): { board: DeskBoardData; row: DeskBoardRow | null } {
  let changed: DeskBoardRow | null = null;
  const locations = board.locations.map((location) => ({
    ...location,
    rows: location.rows.map((row) => {
      if (row.appointmentId !== event.appointmentId) return row;
      changed = {
        ...row,
        status: event.status,
        checkIn:
          event.method && (event.status === 'arrived' || event.status === 'checked-in') && !row.checkIn
            ? { method: event.method, at: event.createdAt }
            : row.checkIn,
      };
      return changed;
    }),
  }));
  return {
    board: {
      ...board,
      lastEventId: BigInt(event.id) > BigInt(board.lastEventId) ? event.id : board.lastEventId,
      locations,
    },
    row: changed,
  };
}
