import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, zonedTimeToInstant } from './zoned';

describe('zoned times', () => {
  it('turns local clinic times into instants in winter and summer', () => {
    expect(zonedTimeToInstant('2026-01-15', 9, 0, 'America/Chicago').toISOString()).toBe('2026-01-15T15:00:00.000Z');
    expect(zonedTimeToInstant('2026-07-15', 9, 0, 'America/Chicago').toISOString()).toBe('2026-07-15T14:00:00.000Z');
    expect(zonedTimeToInstant('2026-07-15', 9, 30, 'Asia/Kolkata').toISOString()).toBe('2026-07-15T04:00:00.000Z');
  });

  it('is exact on DST change days', () => {
    // 2026-03-08 spring forward in Chicago: 08:00 is CDT (UTC-5); 01:30 is still CST (UTC-6).
    expect(zonedTimeToInstant('2026-03-08', 8, 0, 'America/Chicago').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(zonedTimeToInstant('2026-03-08', 1, 30, 'America/Chicago').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 2026-11-01 fall back: 09:00 is CST again (UTC-6).
    expect(zonedTimeToInstant('2026-11-01', 9, 0, 'America/Chicago').toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });

  it('walks calendar days and knows weekdays', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(dayOfWeek('2026-11-24')).toBe(2);
  });
});
