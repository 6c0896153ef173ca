import { describe, expect, it } from 'vitest';
import { checkInSettingsSchema } from '@/lib/tenancy/tenant-settings';
import { formatDistance } from './check-in-by-geofence';
import { effectiveCheckInSettings, checkInCardState } from './check-in-deps';
import { ageOn, applyDeskEvent, rowState, type DeskBoardData } from './desk-board';

const board: DeskBoardData = {
  date: '2031-06-02',
  timeZone: 'America/Chicago',
  lastEventId: '10',
  locations: [
    {
      id: 'loop',
      name: 'Loop',
      rows: [
        { appointmentId: 'a1', locationId: 'loop', start: '2031-06-02T14:00:00.000Z', end: '2031-06-02T14:20:00.000Z', timeLabel: '9:00 AM', patientName: 'Maria Lopez', age: 45, practitionerName: 'Dr. Chen', status: 'booked', checkIn: null },
        { appointmentId: 'a2', locationId: 'loop', start: '2031-06-02T15:00:00.000Z', end: '2031-06-02T15:20:00.000Z', timeLabel: '10:00 AM', patientName: 'James Carter', age: 55, practitionerName: null, status: 'booked', checkIn: null },
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
    const { board: next, row } = applyDeskEvent(board, { id: '11', locationId: 'loop', appointmentId: 'a2', status: 'arrived', method: 'geofence', createdAt: '2031-06-02T14:41:00.000Z' });
    expect(row).toMatchObject({ appointmentId: 'a2', status: 'arrived', checkIn: { method: 'geofence', at: '2031-06-02T14:41:00.000Z' } });
    expect(next.locations[0]?.rows[0]).toBe(board.locations[0]?.rows[0]);
    expect(next.lastEventId).toBe('11');
    const later = applyDeskEvent(next, { id: '12', locationId: 'loop', appointmentId: 'a2', status: 'checked-in', method: null, createdAt: '2031-06-02T14:45:00.000Z' });
    expect(later.row).toMatchObject({ status: 'checked-in', checkIn: { method: 'geofence' } });
  });

  it('reports an event for an appointment it does not show, without changing anything but the resume point', () => {
    const { board: next, row } = applyDeskEvent(board, { id: '9', locationId: 'loop', appointmentId: 'new', status: 'arrived', method: 'qr', createdAt: '2031-06-02T14:41:00.000Z' });
    expect(row).toBeNull();
    expect(next.lastEventId).toBe('10');
    expect(next.locations).toEqual(board.locations);
  });

  it('computes ages in whole years, birthdays included, leap days too', () => {
    expect(ageOn('1975-09-30', '2031-06-03')).toBe(55);
    expect(ageOn('1975-06-03', '2031-06-03')).toBe(56);
    expect(ageOn('2020-02-29', '2021-02-28')).toBe(0);
    expect(ageOn('2020-02-29', '2021-03-01')).toBe(1);
    expect(ageOn(null, '2031-06-03')).toBeNull();
    expect(ageOn('garbage', '2031-06-03')).toBeNull();
  });
});

describe('check-in settings per location', () => {
  const tenant = { timeZone: 'America/Chicago', checkInSettings: checkInSettingsSchema.parse({ radiusMeters: 200, locations: { pilsen: { radiusMeters: 400, timeZone: 'America/Denver' } } }) };

  it('take the location’s overrides and the clinic’s values for the rest', () => {
    expect(effectiveCheckInSettings(tenant, 'pilsen')).toEqual({ radiusMeters: 400, accuracyCapMeters: 150, windowBeforeMinutes: 60, windowAfterMinutes: 15, timeZone: 'America/Denver' });
    expect(effectiveCheckInSettings(tenant, 'loop')).toEqual({ radiusMeters: 200, accuracyCapMeters: 150, windowBeforeMinutes: 60, windowAfterMinutes: 15, timeZone: 'America/Chicago' });
    expect(effectiveCheckInSettings(tenant, null).radiusMeters).toBe(200);
  });

  it('refuse overrides out of range or with an unknown time zone', () => {
    expect(checkInSettingsSchema.safeParse({ locations: { loop: { radiusMeters: 5 } } }).success).toBe(false);
    expect(checkInSettingsSchema.safeParse({ locations: { loop: { timeZone: 'Mars/Olympus' } } }).success).toBe(false);
  });

  it('offer "I’m here" for booked appointments on their own local day only', () => {
    const now = new Date('2031-06-03T04:30:00.000Z'); // 23:30 on June 2 in Chicago
    expect(checkInCardState(tenant, { status: 'booked', start: '2031-06-02T23:00:00.000Z', locationId: 'loop' }, now)).toBe('offer');
    expect(checkInCardState(tenant, { status: 'booked', start: '2031-06-03T14:00:00.000Z', locationId: 'loop' }, now)).toBeNull();
    expect(checkInCardState(tenant, { status: 'arrived', start: '2031-06-02T23:00:00.000Z', locationId: 'loop' }, now)).toBe('done');
    expect(checkInCardState(tenant, { status: 'cancelled', start: '2031-06-02T23:00:00.000Z', locationId: 'loop' }, now)).toBeNull();
    // Pilsen keeps Denver time here: 22:30 on June 2, so the 17:00 Denver visit is today.
    expect(checkInCardState(tenant, { status: 'booked', start: '2031-06-02T23:00:00.000Z', locationId: 'pilsen' }, now)).toBe('offer');
  });

  it('say distances the way people do', () => {
    expect(formatDistance(340)).toBe('340 m');
    expect(formatDistance(2400)).toBe('2.4 km');
    expect(formatDistance(50_000)).toBe('50 km');
  });
});
