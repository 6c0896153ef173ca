import { describe, expect, it } from 'vitest';
import { bookingRulesSchema } from '@/lib/tenancy/tenant-settings';
import { bookAgainPath, visitReasonChoices } from './service-name';

const tenant = {
  bookingRules: bookingRulesSchema.parse({
    visitReasons: { dental: [{ en: 'Cleaning', es: 'Limpieza' }, { en: 'Tooth pain' }] },
  }),
};

describe('visit reasons', () => {
  it('offers the clinic’s reasons for the visit type in the patient’s language, English where none is given', () => {
    expect(visitReasonChoices(tenant, 'es', 'dental')).toEqual(['Limpieza', 'Tooth pain']);
    expect(visitReasonChoices(tenant, 'en', 'dental')).toEqual(['Cleaning', 'Tooth pain']);
    expect(visitReasonChoices(tenant, 'es', 'pediatrics')).toEqual([]);
    expect(visitReasonChoices(tenant, 'es', null)).toEqual([]);
  });

  it('refuses a reason without its English text', () => {
    expect(bookingRulesSchema.safeParse({ visitReasons: { dental: [{ es: 'Limpieza' }] } }).success).toBe(false);
  });
});

describe('book again', () => {
  it('chooses the same person, visit type and clinician', () => {
    expect(bookAgainPath('demo', { forIndex: 1, serviceCode: 'dental', practitionerId: 'p-7' })).toBe(
      '/demo/book?for=1&service=dental&practitioner=p-7',
    );
    expect(bookAgainPath('demo', { forIndex: 0, serviceCode: null, practitionerId: 'p-7' })).toBe('/demo/book');
  });
});
