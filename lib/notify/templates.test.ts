import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/lib/i18n/locales';
import { DEFAULT_TEMPLATES, openTimesPhrase, renderTemplate, TEMPLATE_NAMES } from './templates';

const variables = {
  clinic: 'Lakeside',
  code: '123456',
  budget: '2000',
  minutes: '10',
  mrn: '10000017',
  link: 'https://book.example/demo/x',
  patient: 'Sofia',
  when: 'Tuesday, 9:00 AM',
  location: 'Loop',
  address: '55 E Washington St',
  openTimes: '',
};

describe('message templates', () => {
  it.each(LOCALES)('render every template in %s', (locale) => {
    for (const template of TEMPLATE_NAMES) {
      const message = renderTemplate(template, locale, variables);
      expect(message.sms).not.toMatch(/\{\w+\}/);
      expect(message.subject.length).toBeGreaterThan(3);
      expect(message.html).toContain('<p>');
    }
    expect(Object.keys(DEFAULT_TEMPLATES[locale])).toEqual([...TEMPLATE_NAMES]);
  });

  it('puts the code into the login SMS and links into the HTML', () => {
    expect(renderTemplate('login-code', 'en', variables).sms).toBe(
      'Lakeside: your login code is 123456. It expires in 10 minutes. Never share it.',
    );
    expect(renderTemplate('booking-confirmation', 'en', variables).html).toContain(
      '<a href="https://book.example/demo/x">',
    );
  });

  it('refuses to send a message with a missing value, naming it', () => {
    const { code: _code, ...incomplete } = variables;
    expect(() => renderTemplate('login-code', 'es', incomplete)).toThrow('{code}');
  });

  it('uses a clinic’s override and escapes HTML', () => {
    const message = renderTemplate(
      'check-in-confirmation',
      'en',
      { ...variables, patient: '<b>Sofia</b>' },
      { en: { 'check-in-confirmation': { sms: 'Welcome {patient}!' } } },
    );
    expect(message.sms).toBe('Welcome <b>Sofia</b>!');
    expect(message.html).toContain('&lt;b&gt;Sofia&lt;/b&gt;');
  });

  it('offers the times still open after a clinic’s cancellation, and reads as before without any', () => {
    const times = ['Wed, Jun 4, 9:30 AM', 'Thu, Jun 5, 2:00 PM'];
    const offered = { ...variables, openTimes: openTimesPhrase('en', times) };
    expect(renderTemplate('cancellation-by-clinic', 'en', offered).sms).toBe(
      'Lakeside had to cancel Sofia’s appointment on Tuesday, 9:00 AM. We are sorry. ' +
        'Still open: Wed, Jun 4, 9:30 AM, Thu, Jun 5, 2:00 PM. Rebook: https://book.example/demo/x',
    );
    expect(renderTemplate('cancellation-by-clinic', 'en', variables).sms).toBe(
      'Lakeside had to cancel Sofia’s appointment on Tuesday, 9:00 AM. We are sorry. Rebook: ' +
        'https://book.example/demo/x',
    );
    expect(openTimesPhrase('zh', times)).toBe('仍可预约：Wed, Jun 4, 9:30 AM、Thu, Jun 5, 2:00 PM。');
  });
});
