import { describe, expect, it } from 'vitest';
import { localDate } from '@/lib/time/zoned';
import { decideGeofence, decideWindow, greatCircleMeters, isValidPosition } from './geofence';

const clinic = { latitude: 41.8781, longitude: -87.6298 };
const settings = { radiusMeters: 175, accuracyCapMeters: 150, windowBeforeMinutes: 60, windowAfterMinutes: 15 };

/** A point `meters` due north of the clinic. */
function north(meters: number): { latitude: number; longitude: number } {
  return { latitude: clinic.latitude + meters / 111_195, longitude: clinic.longitude };
}

describe('great-circle distance', () => {
  it('matches known distances', () => {
    // Chicago to New York, about 1,145 km.
    expect(greatCircleMeters(clinic, { latitude: 40.7128, longitude: -74.006 }) / 1000).toBeCloseTo(1145, -1);
    expect(greatCircleMeters(clinic, clinic)).toBe(0);
    expect(greatCircleMeters(clinic, north(100))).toBeCloseTo(100, 0);
  });
});

describe('the geofence decision', () => {
  it('lets a phone with a precise fix in at the radius, and not one metre past it', () => {
    expect(decideGeofence({ ...north(175), accuracyMeters: 1 }, clinic, settings)).toMatchObject({ outcome: 'inside' });
    expect(decideGeofence({ ...north(178), accuracyMeters: 1 }, clinic, settings)).toMatchObject({
      outcome: 'too_far',
      allowedMeters: 176,
    });
  });

  it('counts reported accuracy in the patient’s favour, up to the cap', () => {
    expect(decideGeofence({ ...north(290), accuracyMeters: 120 }, clinic, settings)).toMatchObject({
      outcome: 'inside',
      distanceMeters: 290,
    });
    expect(decideGeofence({ ...north(330), accuracyMeters: 150 }, clinic, settings)).toMatchObject({
      outcome: 'too_far',
      allowedMeters: 325,
    });
  });

  it('asks to retry when the fix is too vague to decide, rather than calling the patient far away', () => {
    expect(decideGeofence({ ...north(500), accuracyMeters: 800 }, clinic, settings)).toMatchObject({
      outcome: 'poor_accuracy',
      accuracyMeters: 800,
    });
  });

  it('says how far a phone clearly elsewhere is', () => {
    expect(decideGeofence({ latitude: 41.9, longitude: -87.7, accuracyMeters: 20 }, clinic, settings)).toMatchObject({
      outcome: 'too_far',
      distanceMeters: 6301,
    });
    expect(
      decideGeofence({ latitude: 41.9, longitude: -87.7, accuracyMeters: 50_000 }, clinic, settings),
    ).toMatchObject({ outcome: 'poor_accuracy' });
    // Centred on the door but "somewhere within 50 km": not evidence of being here.
    expect(decideGeofence({ ...north(20), accuracyMeters: 50_000 }, clinic, settings)).toMatchObject({
      outcome: 'poor_accuracy',
      distanceMeters: 20,
      accuracyMeters: 50_000,
    });
    expect(decideGeofence({ ...north(20), accuracyMeters: 2000 }, clinic, settings)).toMatchObject({
      outcome: 'inside',
    });
  });

  it.each([
    ['NaN latitude', { latitude: Number.NaN, longitude: 0, accuracyMeters: 10 }],
    ['latitude past the pole', { latitude: 91, longitude: 0, accuracyMeters: 10 }],
    ['longitude out of range', { latitude: 0, longitude: -181, accuracyMeters: 10 }],
    ['zero accuracy', { latitude: 0, longitude: 0, accuracyMeters: 0 }],
    ['infinite accuracy', { latitude: 0, longitude: 0, accuracyMeters: Number.POSITIVE_INFINITY }],
  ])('rejects a position with %s', (_label, position) => {
    expect(isValidPosition(position)).toBe(false);
  });
});

describe('the check-in window', () => {
  const start = new Date('2026-11-24T15:00:00Z'); // 09:00 in Chicago

  it('opens 60 minutes before and closes 15 minutes after the start, edges included', () => {
    expect(decideWindow(start, new Date('2026-11-24T14:00:00Z'), 'America/Chicago', settings)).toEqual({
      outcome: 'open',
    });
    expect(decideWindow(start, new Date('2026-11-24T13:59:59Z'), 'America/Chicago', settings)).toEqual({
      outcome: 'too_early',
      opensAt: new Date('2026-11-24T14:00:00Z'),
    });
    expect(decideWindow(start, new Date('2026-11-24T15:15:00Z'), 'America/Chicago', settings)).toEqual({
      outcome: 'open',
    });
    expect(decideWindow(start, new Date('2026-11-24T15:15:01Z'), 'America/Chicago', settings)).toEqual({
      outcome: 'too_late',
      closedAt: new Date('2026-11-24T15:15:00Z'),
    });
  });

  it('judges "today" in the location’s time zone, across UTC midnight', () => {
    // 18:30 in Chicago on the 24th is already the 25th in UTC.
    const evening = new Date('2026-11-25T00:30:00Z');
    expect(localDate(evening, 'America/Chicago')).toBe('2026-11-24');
    expect(decideWindow(evening, new Date('2026-11-24T23:45:00Z'), 'America/Chicago', settings)).toEqual({
      outcome: 'open',
    });
    // A tomorrow's appointment is refused even when it is less than a window away.
    const earlyTomorrow = new Date('2026-11-25T06:10:00Z'); // 00:10 on the 25th in Chicago
    expect(decideWindow(earlyTomorrow, new Date('2026-11-25T05:50:00Z'), 'America/Chicago', settings)).toEqual({
      outcome: 'not_today',
    });
  });

  it('keeps the window exact on a daylight-saving change day', () => {
    // 2026-03-08: clocks in Chicago jump from 02:00 to 03:00. A 03:30 CDT appointment is 08:30 UTC.
    const start = new Date('2026-03-08T08:30:00Z');
    expect(localDate(start, 'America/Chicago')).toBe('2026-03-08');
    // 01:45 CST (07:45 UTC) is 45 real minutes before, so the window is open although the wall clocks
    // differ by 1 h 45 min.
    expect(decideWindow(start, new Date('2026-03-08T07:45:00Z'), 'America/Chicago', settings)).toEqual({
      outcome: 'open',
    });
    expect(decideWindow(start, new Date('2026-03-08T07:29:00Z'), 'America/Chicago', settings)).toMatchObject({
      outcome: 'too_early',
    });
  });
});
