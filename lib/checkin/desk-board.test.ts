import { describe, expect, it } from 'vitest';
import {
  applyDeskEvent,
  boardAge,
  matchesBoardQuery,
  rowState,
  type DeskBoardData,
  type DeskBoardRow,
  type RowState,
} from './desk-board';

const board: DeskBoardData = {
  date: '2031-06-02',
  timeZone: 'America/Chicago',
  lastEventId: '10',
  locations: [
    {
      id: 'loop',
      name: 'Loop',
      rows: [
        {
          appointmentId: 'a1',
          locationId: 'loop',
          start: '2031-06-02T14:00:00.000Z',
          end: '2031-06-02T14:20:00.000Z',
          timeLabel: '9:00 AM',
          patientName: 'Maria Lopez',
          mrn: '10000017',
          age: 45,
          phone: '+13125550101',
          visitType: { code: 'primary-care', display: 'Primary care visit' },
          practitionerName: 'Dr. Chen',
          status: 'booked',
          checkIn: null,
        },
        {
          appointmentId: 'a2',
          locationId: 'loop',
          start: '2031-06-02T15:00:00.000Z',
          end: '2031-06-02T15:20:00.000Z',
          timeLabel: '10:00 AM',
          patientName: 'James Carter',
          mrn: '10000041',
          age: 55,
          phone: null,
          visitType: null,
          practitionerName: null,
          status: 'booked',
          checkIn: null,
        },
      ],
    },
  ],
};

describe('the desk board', () => {
  it('tells late from waiting by the start time, and shows arrival states as they are', () => {
    const now = new Date('2031-06-02T14:10:00.000Z');
    const at = (status: DeskBoardRow['status'], hour: string): RowState =>
      rowState({ status, start: `2031-06-02T${hour}:00:00.000Z`, end: `2031-06-02T${hour}:20:00.000Z` }, now);
    expect(at('booked', '14')).toBe('late');
    expect(at('booked', '15')).toBe('waiting');
    expect(at('arrived', '14')).toBe('arrived');
    expect(at('checked-in', '14')).toBe('checked-in');
    expect(at('noshow', '14')).toBe('noshow');
    expect(at('cancelled', '15')).toBe('cancelled');
  });

  it('calls a booked visit missed once it was due to end, not late all day', () => {
    const visit = { status: 'booked', start: '2031-06-02T14:00:00.000Z', end: '2031-06-02T14:20:00.000Z' } as const;
    expect(rowState(visit, new Date('2031-06-02T14:19:00.000Z'))).toBe('late');
    expect(rowState(visit, new Date('2031-06-02T14:20:00.000Z'))).toBe('missed');
    expect(rowState(visit, new Date('2031-06-02T21:00:00.000Z'))).toBe('missed');
  });

  it('finds rows by part of the name, the MRN or the phone digits, and filters by state and clinician', () => {
    const [maria, james] = board.locations[0]?.rows ?? [];
    if (!maria || !james) throw new Error('fixture rows missing');
    const query = { search: '', show: 'all', practitioner: '' } as const;
    expect(matchesBoardQuery(maria, 'waiting', { ...query, search: 'lope' })).toBe(true);
    expect(matchesBoardQuery(james, 'waiting', { ...query, search: 'lope' })).toBe(false);
    expect(matchesBoardQuery(maria, 'waiting', { ...query, search: '1000-0017' })).toBe(true);
    expect(matchesBoardQuery(maria, 'waiting', { ...query, search: '(312) 555-0101' })).toBe(true);
    expect(matchesBoardQuery(james, 'waiting', { ...query, search: '555' })).toBe(false);
    expect(matchesBoardQuery(maria, 'arrived', { ...query, show: 'here' })).toBe(true);
    expect(matchesBoardQuery(maria, 'late', { ...query, show: 'here' })).toBe(false);
    expect(matchesBoardQuery(maria, 'noshow', { ...query, show: 'missed' })).toBe(true);
    expect(matchesBoardQuery(maria, 'waiting', { ...query, practitioner: 'Dr. Chen' })).toBe(true);
    expect(matchesBoardQuery(james, 'waiting', { ...query, practitioner: 'Dr. Chen' })).toBe(false);
  });

  it('applies a live arrival to its row only, with method and time, and moves the resume point forward', () => {
    const { board: next, row } = applyDeskEvent(board, {
      id: '11',
      locationId: 'loop',
      appointmentId: 'a2',
      status: 'arrived',
      method: 'geofence',
      createdAt: '2031-06-02T14:41:00.000Z',
    });
    expect(row).toMatchObject({
      appointmentId: 'a2',
      status: 'arrived',
      checkIn: { method: 'geofence', at: '2031-06-02T14:41:00.000Z' },
    });
    expect(next.locations[0]?.rows[0]).toBe(board.locations[0]?.rows[0]);
    expect(next.lastEventId).toBe('11');
    const later = applyDeskEvent(next, {
      id: '12',
      locationId: 'loop',
      appointmentId: 'a2',
      status: 'checked-in',
      method: null,
      createdAt: '2031-06-02T14:45:00.000Z',
    });
    expect(later.row).toMatchObject({ status: 'checked-in', checkIn: { method: 'geofence' } });
  });

  it('reports an event for an appointment it does not show, without changing anything but the resume point', () => {
    const { board: next, row } = applyDeskEvent(board, {
      id: '9',
      locationId: 'loop',
      appointmentId: 'new',
      status: 'arrived',
      method: 'qr',
      createdAt: '2031-06-02T14:41:00.000Z',
    });
    expect(row).toBeNull();
    expect(next.lastEventId).toBe('10');
    expect(next.locations).toEqual(board.locations);
  });

  it('leaves a visit the clinic moved to a reload (its time changed): no row patched, the resume point moves', () => {
    const { board: next, row } = applyDeskEvent(board, {
      id: '11',
      locationId: 'loop',
      appointmentId: 'a2',
      status: 'moved',
      method: null,
      createdAt: '2031-06-02T14:41:00.000Z',
    });
    expect(row).toBeNull();
    expect(next.locations).toEqual(board.locations);
    expect(next.lastEventId).toBe('11');
  });

  it('computes ages in whole years, birthdays included, leap days too (29 February counts on 28 February)', () => {
    expect(boardAge('1975-09-30', '2031-06-03')).toBe(55);
    expect(boardAge('1975-06-03', '2031-06-03')).toBe(56);
    expect(boardAge('2020-02-29', '2021-02-28')).toBe(1);
    expect(boardAge('2020-02-29', '2021-03-01')).toBe(1);
    expect(boardAge('2020-02-29', '2024-02-28')).toBe(3);
    expect(boardAge(null, '2031-06-03')).toBeNull();
    expect(boardAge('garbage', '2031-06-03')).toBeNull();
  });
});
