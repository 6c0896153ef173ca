import { describe, expect, it } from 'vitest';
import type { Practitioner } from '@/lib/scheduling/types';
import { defaultLanguageFilter, speaksLanguage, spokenLanguages } from './languages';

function clinician(id: string, languages: string[]): Practitioner {
  return {
    id,
    displayName: id,
    photoUrl: null,
    gender: null,
    qualifications: [],
    languages,
    specialties: [],
    locationIds: [],
  };
}

describe('languages clinicians speak', () => {
  it('understands a regional tag as its language and Chinese as Mandarin or Cantonese', () => {
    expect(speaksLanguage(['es-MX'], 'es')).toBe(true);
    expect(speaksLanguage(['yue'], 'zh')).toBe(true);
    expect(speaksLanguage(['cmn'], 'zh-Hans')).toBe(true);
    expect(speaksLanguage(['cmn'], 'yue')).toBe(false);
    expect(speaksLanguage(['en'], 'es')).toBe(false);
  });

  it('lists each language once, the most spoken first', () => {
    expect(
      spokenLanguages([clinician('a', ['en', 'es']), clinician('b', ['es-MX', 'en']), clinician('c', ['yue'])]),
    ).toEqual(['en', 'es', 'yue']);
  });

  it('starts with the patient’s language when a clinician speaks it, never English or an unspoken one', () => {
    const clinicians = [clinician('a', ['en', 'es']), clinician('b', ['yue', 'en']), clinician('c', ['cmn', 'yue'])];
    expect(defaultLanguageFilter('es', clinicians)).toBe('es');
    expect(defaultLanguageFilter('zh', clinicians)).toBe('yue');
    expect(defaultLanguageFilter('en', clinicians)).toBeNull();
    expect(defaultLanguageFilter('ko', clinicians)).toBeNull();
    expect(defaultLanguageFilter(null, clinicians)).toBeNull();
  });
});
