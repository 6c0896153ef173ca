import { describe, expect, it } from 'vitest';
import { checkInSettingsSchema } from '@/lib/tenancy/tenant-settings';
import { formatDistance } from './check-in-by-geofence';
import { checkInCardState, effectiveCheckInSettings } from './effective-settings';
import { positionInputSchema } from './position-input';

describe('the position a phone sends', () => {
  it('keeps numbers and turns anything else into NaN, for the use-case to refuse and audit', () => {
    expect(positionInputSchema.parse({ latitude: 41.88, longitude: -87.62, accuracy: 30 })).toEqual({
      latitude: 41.88,
      longitude: -87.62,
      accuracy: 30,
    });
    const bad = positionInputSchema.parse({ latitude: null, longitude: '-87.62' });
    expect([bad.latitude, bad.longitude, bad.accuracy].every(Number.isNaN)).toBe(true);
  });
});

describe('check-in settings per location', () => {
  const tenant = {
    timeZone: 'America/Chicago',
    checkInSettings: checkInSettingsSchema.parse({
      radiusMeters: 200,
      locations: { pilsen: { radiusMeters: 400, timeZone: 'America/Denver' } },
    }),
  };

  it('take the location’s overrides and the clinic’s values for the rest', () => {
    expect(effectiveCheckInSettings(tenant, 'pilsen')).toEqual({
      radiusMeters: 400,
      accuracyCapMeters: 150,
      windowBeforeMinutes: 60,
      windowAfterMinutes: 15,
      timeZone: 'America/Denver',
    });
    expect(effectiveCheckInSettings(tenant, 'loop')).toEqual({
      radiusMeters: 200,
      accuracyCapMeters: 150,
      windowBeforeMinutes: 60,
      windowAfterMinutes: 15,
      timeZone: 'America/Chicago',
    });
    expect(effectiveCheckInSettings(tenant, null).radiusMeters).toBe(200);
  });

  it('refuse overrides out of range or with an unknown time zone', () => {
    expect(checkInSettingsSchema.safeParse({ locations: { loop: { radiusMeters: 5 } } }).success).toBe(false);
    expect(checkInSettingsSchema.safeParse({ locations: { loop: { timeZone: 'Mars/Olympus' } } }).success).toBe(false);
  });

  it('offer "I’m here" for booked appointments on their own local day only', () => {
    const now = new Date('2031-06-03T04:30:00.000Z'); // 23:30 on June 2 in Chicago
    expect(
      checkInCardState(tenant, { status: 'booked', start: '2031-06-02T23:00:00.000Z', locationId: 'loop' }, now),
    ).toBe('offer');
    expect(
      checkInCardState(tenant, { status: 'booked', start: '2031-06-03T14:00:00.000Z', locationId: 'loop' }, now),
    ).toBeNull();
    expect(
      checkInCardState(tenant, { status: 'arrived', start: '2031-06-02T23:00:00.000Z', locationId: 'loop' }, now),
    ).toBe('done');
    expect(
      checkInCardState(tenant, { status: 'cancelled', start: '2031-06-02T23:00:00.000Z', locationId: 'loop' }, now),
    ).toBeNull();
    // Pilsen keeps Denver time here: 22:30 on June 2, so the 17:00 Denver visit is today.
    expect(
      checkInCardState(tenant, { status: 'booked', start: '2031-06-02T23:00:00.000Z', locationId: 'pilsen' }, now),
    ).toBe('offer');
  });

  it('say distances the way people do', () => {
    expect(formatDistance(340)).toBe('340 m');
    expect(formatDistance(2400)).toBe('2.4 km');
    expect(formatDistance(50_000)).toBe('50 km');
  });
});
