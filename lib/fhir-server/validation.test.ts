import { describe, expect, it } from 'vitest';
import { FhirError } from './outcome';
import { validateResource } from './validation';

function issuesOf(resource: Record<string, unknown>): string[] {
  try {
    validateResource(resource as never);
    return [];
  } catch (error) {
    if (!(error instanceof FhirError)) throw error;
    return error.toOutcome().issue.map((issue) => `${issue.expression?.join(',') ?? ''}`);
  }
}

const slot = {
  resourceType: 'Slot',
  schedule: { reference: 'Schedule/1' },
  status: 'free',
  start: '2026-01-01T10:00:00Z',
  end: '2026-01-01T10:15:00Z',
};

// The first validation loads the R4 definitions (seconds on a busy machine).
describe('sandbox validation against the R4 definitions', { timeout: 30_000 }, () => {
  it('accepts a valid Slot', () => {
    expect(issuesOf(slot)).toEqual([]);
  });

  it('names missing required elements and malformed instants by path', () => {
    expect(issuesOf({ resourceType: 'Slot', status: 'free', start: 'yesterday' })).toEqual(
      expect.arrayContaining(['Slot.schedule', 'Slot.start', 'Slot.end']),
    );
  });

  it('refuses codes outside a required binding', () => {
    expect(issuesOf({ ...slot, status: 'bogus' })).toEqual(['Slot.status']);
    expect(
      issuesOf({
        resourceType: 'Appointment',
        status: 'booked',
        start: '2026-01-01T10:00:00Z',
        end: '2026-01-01T10:15:00Z',
        participant: [{ status: 'maybe', actor: { reference: 'Patient/1' } }],
      }),
    ).toEqual(['Appointment.participant.status']);
  });

  it('refuses unknown elements and wrong types', () => {
    expect(issuesOf({ resourceType: 'Patient', name: [{ family: 1 }], nickname: 'x' })).toEqual(
      expect.arrayContaining(['Patient.name[0].family', 'Patient.nickname']),
    );
  });
});
