import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { renderErrorDetails } from '@/lib/i18n/error-text';
import type { Tenant } from '@/lib/tenancy/tenant';
import { checkRegistrationDetails } from './registration-details';

const tenant = { timeZone: 'America/Chicago', notificationSettings: { defaultCountry: 'US' } } as unknown as Tenant;
const now = new Date('2026-11-25T03:00:00Z'); // 24 November in Chicago
const valid = {
  given: ' Lena ',
  family: 'Novak',
  birthDate: '1991-07-21',
  gender: 'female',
  phone: '(312) 555-0199',
  email: 'Lena@Example.com',
  preferredLanguage: 'es',
  verifyBy: 'sms',
};

function problems(input: Record<string, unknown>): Record<string, string> {
  try {
    checkRegistrationDetails(input, tenant, now);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      return renderErrorDetails(error.details ?? {}, 'en');
    throw error;
  }
  return {};
}

describe('registration details', () => {
  it('are trimmed, with the phone in E.164 for the clinic’s country and the email lower-cased', () => {
    expect(checkRegistrationDetails({ ...valid, address: { line: '', city: 'Chicago' } }, tenant, now)).toMatchObject({
      given: 'Lena',
      phone: '+13125550199',
      email: 'lena@example.com',
      address: { city: 'Chicago' },
    });
    expect(checkRegistrationDetails({ ...valid, phone: '', verifyBy: 'email' }, tenant, now).phone).toBeUndefined();
  });

  it('accept today’s date in the clinic’s time zone but not tomorrow’s', () => {
    expect(problems({ ...valid, birthDate: '2026-11-24' })).toEqual({});
    expect(problems({ ...valid, birthDate: '2026-11-25' })).toEqual({
      birthDate: 'That date of birth is not possible.',
    });
  });

  it('name every bad field at once', () => {
    expect(
      Object.keys(
        problems({ ...valid, given: '', birthDate: '1899-12-31', phone: '+1 555 0100', email: 'nope' }),
      ).sort(),
    ).toEqual(['birthDate', 'email', 'given', 'phone']);
    expect(problems({ ...valid, birthDate: '1990-02-30' })).toEqual({
      birthDate: 'Enter your date of birth as YYYY-MM-DD.',
    });
    expect(problems({ ...valid, phone: '+1 555 0100' })).toEqual({
      phone: 'That phone number is not valid. Please check it, including the area code.',
    });
  });

  it('need the contact point the code should go to', () => {
    expect(problems({ ...valid, phone: '', email: '' })).toHaveProperty('phone');
    expect(problems({ ...valid, email: '', verifyBy: 'email' })).toEqual({
      email: 'Enter an email address to get your code by email.',
    });
    expect(problems({ ...valid, verifyBy: 'pigeon' })).toHaveProperty('verifyBy');
  });
});
