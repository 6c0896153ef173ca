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
  /** The patient's MRN, so the desk can search by it and tell namesakes apart; null if the EHR has none. */
  mrn: string | null;
  age: number | null;
  /** The patient's phone number (staff only: to call someone who is late); null if none is on file. */
  phone: string | null;
  /** The visit type's code and the EHR's name for it; null when the appointment names none. */
  visitType: { code: string; display: string } | null;
  practitionerName: string | null;
  /** Why the patient is coming, as written on the appointment (a clinic reason or their own words). */
  visitReason?: string | null;
  status: AppointmentStatus;
  checkIn: { method: 'geofence' | 'qr' | 'desk'; at: string } | null;
  /** The last insurance eligibility result for the visit (or the patient's latest); null: never checked. */
  eligibility?: 'active' | 'inactive' | 'unknown' | null;
  /** The patient confirmed they will come (a reply to a reminder), as the EHR records it. */
  confirmed?: boolean;
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
export type RowState = 'waiting' | 'late' | 'missed' | 'arrived' | 'checked-in' | 'noshow' | 'done' | 'cancelled';

/**
 * A booked visit is `waiting` until it starts, `late` until it was due to end, then `missed` (it did
 * not happen: the desk may mark it no-show), so that the morning's visits do not stay "Late" all day.
 */
export function rowState(row: Pick<DeskBoardRow, 'status' | 'start' | 'end'>, now: Date): RowState {
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
      if (new Date(row.end).getTime() <= now.getTime()) return 'missed';
      return new Date(row.start).getTime() < now.getTime() ? 'late' : 'waiting';
  }
}

/** The board's "Show" filter: groups of row states a clerk looks for together. */
export const BOARD_FILTERS = {
  all: null,
  toArrive: ['waiting', 'late'],
  here: ['arrived', 'checked-in'],
  missed: ['missed', 'noshow'],
  finished: ['done', 'cancelled'],
} as const satisfies Record<string, readonly RowState[] | null>;
export type BoardFilter = keyof typeof BOARD_FILTERS;

export interface BoardQuery {
  /** Free text: part of the name, the MRN or the phone number (digits compared without punctuation). */
  search: string;
  show: BoardFilter;
  /** Only this clinician's visits; empty for all. */
  practitioner: string;
}

/** Whether a row passes the clerk's search and filters. */
export function matchesBoardQuery(row: DeskBoardRow, state: RowState, query: BoardQuery): boolean {
  const states: readonly RowState[] | null = BOARD_FILTERS[query.show];
  if (states && !states.includes(state)) return false;
  if (query.practitioner && row.practitionerName !== query.practitioner) return false;
  const text = query.search.trim().toLocaleLowerCase();
  if (!text) return true;
  const digits = text.replace(/\D/g, '');
  return (
    row.patientName.toLocaleLowerCase().includes(text) ||
    (row.mrn !== null && row.mrn.toLocaleLowerCase().replace(/[\s-]/g, '').includes(text.replace(/[\s-]/g, ''))) ||
    (digits.length >= 3 && row.phone !== null && row.phone.replace(/\D/g, '').includes(digits))
  );
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
  status: 'arrived' | 'checked-in' | 'noshow' | 'booked' | 'cancelled' | 'moved';
  method: 'geofence' | 'qr' | 'desk' | null;
  createdAt: string;
}

/**
 * The board after a live event: the row's status (and its check-in, for an arrival) change; an event
 * for an appointment the board does not show, or for a visit the clinic moved (its time changed, it may
 * have left the day or come into it), changes no row and is reported as `row: null` so the caller
 * reloads the board.
 */
export function applyDeskEvent(
  board: DeskBoardData,
  event: LiveDeskEvent,
): { board: DeskBoardData; row: DeskBoardRow | null } {
  let changed: DeskBoardRow | null = null;
  const { status } = event;
  const locations =
    status === 'moved'
      ? board.locations
      : board.locations.map((location) => ({
          ...location,
          rows: location.rows.map((row) => {
            if (row.appointmentId !== event.appointmentId) return row;
            changed = {
              ...row,
              status,
              checkIn:
                event.method && (status === 'arrived' || status === 'checked-in') && !row.checkIn
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
