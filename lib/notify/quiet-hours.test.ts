import { describe, expect, it } from 'vitest';
import { insideSendingWindow, nextSendingTime, respectsQuietHours } from './quiet-hours';

const window = { start: '08:00', end: '20:00' };
const zone = 'America/Chicago';

describe('quiet hours', () => {
  it('lets a message due inside the window go at its time', () => {
    const due = new Date('2031-06-02T15:00:00Z'); // 10:00 in Chicago (CDT)
    expect(nextSendingTime(due, window, zone)).toEqual(due);
  });

  it('holds a message due at 6 a.m. until 8 a.m. the same day, in the clinic time zone', () => {
    const due = new Date('2031-06-02T11:00:00Z'); // 06:00 CDT
    expect(nextSendingTime(due, window, zone).toISOString()).toBe('2031-06-02T13:00:00.000Z');
  });

  it('holds a message due at 21:30 until 8 a.m. the next day', () => {
    const due = new Date('2031-06-03T02:30:00Z'); // 21:30 CDT on 2 June
    expect(nextSendingTime(due, window, zone).toISOString()).toBe('2031-06-03T13:00:00.000Z');
  });

  it('treats the closing minute as quiet and the opening minute as open', () => {
    expect(insideSendingWindow(new Date('2031-06-03T01:00:00Z'), window, zone)).toBe(false); // 20:00
    expect(insideSendingWindow(new Date('2031-06-02T13:00:00Z'), window, zone)).toBe(true); // 08:00
  });

  it('follows daylight saving time (8:00 is 14:00 UTC in winter)', () => {
    const due = new Date('2031-01-10T12:00:00Z'); // 06:00 CST
    expect(nextSendingTime(due, window, zone).toISOString()).toBe('2031-01-10T14:00:00.000Z');
  });

  it('supports a window across midnight', () => {
    const night = { start: '22:00', end: '06:00' };
    expect(insideSendingWindow(new Date('2031-06-03T04:00:00Z'), night, zone)).toBe(true); // 23:00
    expect(insideSendingWindow(new Date('2031-06-02T17:00:00Z'), night, zone)).toBe(false); // 12:00
  });

  it('never holds one-time codes or answers to what the patient just did; holds reminders and offers', () => {
    expect(respectsQuietHours('login-code')).toBe(false);
    expect(respectsQuietHours('booking-confirmation')).toBe(false);
    expect(respectsQuietHours('check-in-confirmation')).toBe(false);
    expect(respectsQuietHours('reminder-24h')).toBe(true);
    expect(respectsQuietHours('cancellation-by-clinic')).toBe(true);
  });
});
