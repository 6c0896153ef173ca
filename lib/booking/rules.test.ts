import { describe, expect, it } from 'vitest';
import { bookingRulesSchema } from '@/lib/tenancy/tenant-settings';
import { checkBookable, checkChangeable, type BookableCheck } from './rules';

const rules = bookingRulesSchema.parse({
  minimumNoticeMinutes: 120,
  horizonDays: 30,
  cancellationCutoffHours: 24,
  maxUpcomingPerService: 2,
  ageRestrictedServices: { pediatrics: 'minors', 'adult-vaccines': 'adults' },
});
const now = new Date('2026-11-24T15:00:00Z');
const base: BookableCheck = {
  slotStart: new Date('2026-11-26T15:00:00Z'),
  now,
  timeZone: 'America/Chicago',
  rules,
  serviceCode: 'primary-care',
  patientBirthDate: '1990-05-01',
  upcomingForService: 0,
};

describe('booking rules', () => {
  it('let an ordinary booking through', () => {
    expect(checkBookable(base)).toBeNull();
  });

  it('refuse a slot under the minimum notice, and accept one exactly at it', () => {
    expect(checkBookable({ ...base, slotStart: new Date('2026-11-24T16:59:00Z') })).toEqual({
      rule: 'minimum_notice',
      earliestStart: new Date('2026-11-24T17:00:00Z'),
    });
    expect(checkBookable({ ...base, slotStart: new Date('2026-11-24T17:00:00Z') })).toBeNull();
  });

  it('refuse a slot beyond the horizon, and a slot in the past', () => {
    expect(checkBookable({ ...base, slotStart: new Date('2026-12-24T15:00:01Z') })).toEqual({
      rule: 'beyond_horizon',
      latestStart: new Date('2026-12-24T15:00:00Z'),
    });
    expect(checkBookable({ ...base, slotStart: new Date('2026-11-24T14:00:00Z') })).toEqual({ rule: 'in_the_past' });
  });

  it('keep minors-only services for minors and adults-only services for adults, judged on the visit day', () => {
    expect(checkBookable({ ...base, serviceCode: 'pediatrics' })).toEqual({
      rule: 'age_restricted',
      allowedFor: 'minors',
    });
    expect(checkBookable({ ...base, serviceCode: 'pediatrics', patientBirthDate: '2015-02-01' })).toBeNull();
    // Turns 18 on the 26th: on the visit day the patient is an adult.
    expect(checkBookable({ ...base, serviceCode: 'pediatrics', patientBirthDate: '2008-11-26' })).toEqual({
      rule: 'age_restricted',
      allowedFor: 'minors',
    });
    expect(checkBookable({ ...base, serviceCode: 'adult-vaccines', patientBirthDate: '2008-11-26' })).toBeNull();
    expect(checkBookable({ ...base, serviceCode: 'adult-vaccines', patientBirthDate: null })).toEqual({
      rule: 'age_restricted',
      allowedFor: 'adults',
    });
  });

  it('keep existing-patients-only services for patients seen before: new patients are asked to call', () => {
    const dental = { ...base, rules: { ...rules, existingPatientsOnly: ['dental'] }, serviceCode: 'dental' };
    expect(checkBookable({ ...dental, existingPatient: false })).toEqual({ rule: 'existing_patients_only' });
    expect(checkBookable({ ...dental, existingPatient: undefined })).toEqual({ rule: 'existing_patients_only' });
    expect(checkBookable({ ...dental, existingPatient: true })).toBeNull();
    expect(checkBookable({ ...base, rules: { ...rules, existingPatientsOnly: ['dental'] } })).toBeNull();
  });

  it('cap upcoming appointments per service', () => {
    expect(checkBookable({ ...base, upcomingForService: 1 })).toBeNull();
    expect(checkBookable({ ...base, upcomingForService: 2 })).toEqual({ rule: 'too_many_upcoming', limit: 2 });
  });

  it('allow changes until the cancellation cutoff, then send the patient to the phone', () => {
    expect(checkChangeable(new Date('2026-11-25T15:00:00Z'), now, rules)).toBeNull();
    expect(checkChangeable(new Date('2026-11-25T14:59:00Z'), now, rules)).toEqual({
      rule: 'past_cancellation_cutoff',
      cutoff: new Date('2026-11-24T14:59:00Z'),
    });
    expect(checkChangeable(new Date('2026-11-24T14:00:00Z'), now, rules)).toEqual({ rule: 'in_the_past' });
  });
});
