import { describe, expect, it } from 'vitest';
import type { PatientSummary } from '@/lib/scheduling/types';
import { noticeContact } from './notice-contact';

const base: PatientSummary = {
  id: 'p1',
  mrn: '10000017',
  name: { given: 'Maria', family: 'Lopez', display: 'Maria Lopez' },
  birthDate: '1986-04-12',
  gender: 'female',
  preferredLanguage: null,
  address: null,
  contacts: [],
};
const phone = { kind: 'phone' as const, value: '+13125550101', masked: '***-***-0101' };
const email = { kind: 'email' as const, value: 'maria@example.com', masked: 'm***@example.com' };

describe('where appointment notices go', () => {
  it('follows the patient’s preferred channel when that contact point is on file', () => {
    expect(noticeContact({ ...base, contacts: [phone, email] }, 'email')).toEqual({
      channel: 'email',
      to: 'maria@example.com',
    });
    expect(noticeContact({ ...base, contacts: [phone, email] }, 'sms')).toEqual({ channel: 'sms', to: '+13125550101' });
  });

  it('uses the phone first without a preference, and whatever is on file when the preferred one is not', () => {
    expect(noticeContact({ ...base, contacts: [email, phone] }, null)).toEqual({ channel: 'sms', to: '+13125550101' });
    expect(noticeContact({ ...base, contacts: [phone] }, 'email')).toEqual({ channel: 'sms', to: '+13125550101' });
    expect(noticeContact({ ...base, contacts: [email] }, 'sms')).toEqual({ channel: 'email', to: 'maria@example.com' });
    expect(noticeContact(base, 'sms')).toBeNull();
  });
});
