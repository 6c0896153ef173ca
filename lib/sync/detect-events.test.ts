import { describe, expect, it } from 'vitest';
import type { Appointment, Change } from '@/lib/scheduling/types';
import { detectEvents, type RememberedAppointment } from './detect-events';

const now = new Date('2031-06-01T12:00:00Z');
const start = '2031-06-03T15:00:00.000Z';

function appointmentChange(
  version: string,
  appointment: Partial<Appointment>,
  extra: { bookedByApp?: boolean; updatedAt?: string } = {},
): Change {
  return {
    kind: 'appointment',
    id: 'a1',
    version,
    updatedAt: extra.updatedAt ?? '2031-06-01T11:00:00.000Z',
    bookedByApp: extra.bookedByApp ?? false,
    appointment: {
      id: 'a1',
      version,
      status: 'booked',
      start,
      end: '2031-06-03T15:30:00.000Z',
      slotIds: ['s1'],
      patientId: 'p1',
      practitionerId: null,
      locationId: 'l1',
      serviceCode: null,
      reason: null,
      cancellationReason: null,
      ...appointment,
    },
  };
}

const remembered = (state: Partial<RememberedAppointment>): Map<string, RememberedAppointment> =>
  new Map([
    [
      'a1',
      { version: 'v1', status: 'booked', start: new Date(start), changedAt: null, holderPatientId: 'g1', ...state },
    ],
  ]);

function types(changes: Change[], state = remembered({}), accounts = new Set(['p1'])): string[] {
  return detectEvents({ changes, accountPatientIds: accounts, remembered: state, now }).events.map(
    (item) => item.event.type,
  );
}

describe('detecting events from changes', () => {
  it('tells a cancellation from a move by what was remembered', () => {
    expect(types([appointmentChange('v2', { status: 'cancelled' })])).toEqual(['appointment-cancelled']);
    expect(types([appointmentChange('v2', { start: '2031-06-04T15:00:00.000Z' })])).toEqual(['appointment-moved']);
  });

  it('reports nothing for the version the app itself wrote, nor for an older one read again', () => {
    expect(types([appointmentChange('v1', { status: 'cancelled' })])).toEqual([]);
    const later = remembered({ version: 'v3', changedAt: new Date('2031-06-01T11:30:00.000Z') });
    expect(types([appointmentChange('v2', { status: 'cancelled' })], later)).toEqual([]);
  });

  it('a patient’s own move or cancellation, seen before the app recorded its version, is not the clinic’s', () => {
    const moved = '2031-06-04T15:00:00.000Z';
    const announced = (expectedStatus: string, expectedStart: string) =>
      remembered({
        expectedStatus,
        expectedStart: new Date(expectedStart),
        expectedUntil: new Date('2031-06-01T11:02:00Z'),
      });
    expect(types([appointmentChange('v2', { start: moved })], announced('booked', moved))).toEqual([]);
    expect(types([appointmentChange('v2', { status: 'cancelled' })], announced('cancelled', start))).toEqual([]);
    // The clinic's change differs from what the app announced, or came after it expired: reported.
    expect(types([appointmentChange('v2', { status: 'cancelled' })], announced('booked', moved))).toEqual([
      'appointment-cancelled',
    ]);
    const late = appointmentChange('v2', { start: moved }, { updatedAt: '2031-06-01T11:05:00.000Z' });
    expect(types([late], announced('booked', moved))).toEqual(['appointment-moved']);
  });

  it('reports a booking made in the EHR for an account holder, not one the app made', () => {
    expect(types([appointmentChange('v1', {})], new Map())).toEqual(['appointment-booked']);
    expect(types([appointmentChange('v1', {}, { bookedByApp: true })], new Map())).toEqual([]);
    expect(types([appointmentChange('v1', {})], new Map(), new Set())).toEqual([]);
  });

  it('tells the guardian who booked a dependent’s visit', () => {
    const detection = detectEvents({
      changes: [appointmentChange('v2', { status: 'cancelled' })],
      accountPatientIds: new Set(),
      remembered: remembered({}),
      now,
    });
    expect(detection.events[0]?.event).toMatchObject({ patientId: 'p1', holderPatientId: 'g1' });
  });

  it('keeps free slots as slot-opened and past ones not at all', () => {
    const slot = (id: string, end: string): Change => ({
      kind: 'slot',
      id,
      version: 'v1',
      updatedAt: '2031-06-01T11:00:00.000Z',
      slot: {
        id,
        version: 'v1',
        scheduleId: 'sc1',
        start: '2031-06-01T08:00:00.000Z',
        end,
        status: 'free',
        serviceCode: null,
        practitionerId: null,
        locationId: null,
      },
    });
    expect(types([slot('s1', '2031-06-02T08:30:00.000Z'), slot('s2', '2031-06-01T08:30:00.000Z')])).toEqual([
      'slot-opened',
    ]);
  });

  it('reports a slot taken out of use and a schedule made inactive as schedule-blocked', () => {
    const blockedSlot: Change = {
      kind: 'slot',
      id: 's3',
      version: 'v2',
      updatedAt: '2031-06-01T11:00:00.000Z',
      slot: {
        id: 's3',
        version: 'v2',
        scheduleId: 'sc1',
        start: '2031-06-02T08:00:00.000Z',
        end: '2031-06-02T08:30:00.000Z',
        status: 'busy-unavailable',
        serviceCode: null,
        practitionerId: null,
        locationId: null,
      },
    };
    const schedule = (active: boolean): Change => ({
      kind: 'schedule',
      id: 'sc2',
      version: active ? 'v1' : 'v2',
      updatedAt: '2031-06-01T11:05:00.000Z',
      schedule: { id: 'sc2', active, practitionerId: null, locationId: null },
    });
    const detected = detectEvents({
      changes: [blockedSlot, schedule(false), schedule(true)],
      accountPatientIds: new Set(),
      remembered: new Map(),
      now,
    }).events.map((item) => item.event);
    expect(detected).toEqual([
      expect.objectContaining({ type: 'schedule-blocked', scheduleId: 'sc1', slotId: 's3' }),
      expect.objectContaining({ type: 'schedule-blocked', scheduleId: 'sc2', slotId: null }),
    ]);
  });

  it('reports a no-show once, not again for a later version that stays no-show', () => {
    expect(types([appointmentChange('v2', { status: 'noshow' })])).toEqual(['appointment-noshow']);
    expect(
      types([appointmentChange('v3', { status: 'noshow' })], remembered({ version: 'v2', status: 'noshow' })),
    ).toEqual([]);
  });
});
