import { describe, expect, it } from 'vitest';
import { applyDeskEvent, boardAge, rowState, type DeskBoardData } from './desk-board';

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
          age: 45,
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
          age: 55,
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
    const now = new Date('2031-06-02T14:30:00.000Z');
    expect(rowState({ status: 'booked', start: '2031-06-02T14:00:00.000Z' }, now)).toBe('late');
    expect(rowState({ status: 'booked', start: '2031-06-02T15:00:00.000Z' }, now)).toBe('waiting');
    expect(rowState({ status: 'arrived', start: '2031-06-02T14:00:00.000Z' }, now)).toBe('arrived');
    expect(rowState({ status: 'checked-in', start: '2031-06-02T14:00:00.000Z' }, now)).toBe('checked-in');
    expect(rowState({ status: 'noshow', start: '2031-06-02T14:00:00.000Z' }, now)).toBe('noshow');
    expect(rowState({ status: 'cancelled', start: '2031-06-02T15:00:00.000Z' }, now)).toBe('cancelled');
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
