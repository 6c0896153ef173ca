import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locales';

describe('choosing the language', () => {
  it('follows the patient’s explicit choice first', () => {
    expect(negotiateLocale({ chosen: 'zh', acceptLanguage: 'es-MX,es;q=0.9' })).toBe('zh');
  });

  it('otherwise takes the best supported language the browser asks for', () => {
    expect(negotiateLocale({ acceptLanguage: 'fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: 'zh-Hans-CN' })).toBe('zh');
    expect(negotiateLocale({ acceptLanguage: 'en;q=0.2, es;q=0.7' })).toBe('es');
  });

  it('falls back to English for unsupported or garbled headers and choices', () => {
    expect(negotiateLocale({ chosen: 'klingon', acceptLanguage: 'de-DE' })).toBe('en');
    expect(negotiateLocale({ acceptLanguage: ';;;q=abc,' })).toBe('en');
    expect(negotiateLocale({})).toBe('en');
  });
});
