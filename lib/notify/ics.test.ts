import { describe, expect, it } from 'vitest';
import { appointmentIcs, calendarSequence } from './ics';

const event = {
  uid: 'appt-1@demo',
  start: '2031-06-03T13:00:00.000Z',
  end: '2031-06-03T13:30:00.000Z',
  summary: 'Pediatric visit: Sofia',
  location: {
    name: 'Lakeside Community Health – Loop',
    address: { lines: ['55 E Washington St'], city: 'Chicago', state: 'IL', postalCode: '60602' },
    position: { latitude: 41.8833, longitude: -87.6256 },
  },
  clinician: 'Dr. Ana Ruiz',
  url: 'https://book.example/demo/appointments/appt-1',
  organizer: { name: 'Lakeside Community Health', email: 'no-reply@lakeside.example' },
};

/** The lines of an iCalendar file, unfolded (RFC 5545 §3.1). */
function lines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('the calendar file of an appointment', () => {
  it('names the street address, the clinician and a stable UID, with the given SEQUENCE', () => {
    const ics = lines(appointmentIcs({ ...event, sequence: 7 }));
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).toContain('UID:appt-1@demo');
    expect(ics).toContain('SEQUENCE:7');
    expect(ics).toContain('DTSTART:20310603T130000Z');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics.find((line) => line.startsWith('LOCATION:'))).toContain('55 E Washington St\\, Chicago\\, IL\\, 60602');
    expect(ics.find((line) => line.startsWith('DESCRIPTION:'))).toContain('Dr. Ana Ruiz');
    expect(ics.find((line) => line.startsWith('ORGANIZER'))).toContain('mailto:no-reply@lakeside.example');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, so calendar apps remove the event', () => {
    const ics = lines(appointmentIcs({ ...event, sequence: 9, method: 'CANCEL' }));
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('UID:appt-1@demo');
  });

  it('numbers revisions by the EHR’s last change, so a move and then a cancellation each go up', () => {
    const booked = calendarSequence({ updatedAt: '2031-06-01T10:00:00Z', status: 'booked' });
    const moved = calendarSequence({ updatedAt: '2031-06-01T10:05:00Z', status: 'booked' });
    const cancelled = calendarSequence({ updatedAt: '2031-06-02T08:00:00Z', status: 'cancelled' });
    expect(booked).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(booked);
    expect(cancelled).toBeGreaterThan(moved);
    expect(cancelled).toBeLessThan(2 ** 31);
  });

  it('puts a cancellation made in the same second as a move after it', () => {
    const moved = calendarSequence({ updatedAt: '2031-06-01T10:05:00.100Z', status: 'booked' });
    const cancelled = calendarSequence({ updatedAt: '2031-06-01T10:05:00.900Z', status: 'cancelled' });
    expect(cancelled).toBeGreaterThan(moved);
  });
});

describe('the visit reason in the calendar file', () => {
  it('leads the description when given, and is absent otherwise', () => {
    const withReason = lines(appointmentIcs({ ...event, sequence: 1, reason: 'Tooth pain' }));
    expect(withReason.find((line) => line.startsWith('DESCRIPTION:'))).toMatch(/^DESCRIPTION:Tooth pain\\n/);
    const without = lines(appointmentIcs({ ...event, sequence: 1 }));
    expect(without.find((line) => line.startsWith('DESCRIPTION:'))).not.toContain('Tooth pain');
  });
});
