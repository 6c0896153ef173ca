/**
 * Languages clinicians speak, as BCP 47 tags, matched the way patients mean them: a patient who prefers
 * Chinese (`zh`) is understood by a clinician who speaks Mandarin (`cmn`) or Cantonese (`yue`), and
 * `es-MX` is Spanish.
 */
import type { Practitioner } from '@/lib/scheduling/types';

/** Languages whose tags name a member of a macrolanguage (ISO 639-3), by the macrolanguage. */
const MACROLANGUAGE: Record<string, string> = { cmn: 'zh', yue: 'zh', nan: 'zh', hak: 'zh', wuu: 'zh', arb: 'ar' };

function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

/**
 * Whether someone who speaks `languages` speaks `wanted`: the same primary language, or `wanted` is
 * the macrolanguage of one of them (`zh` for `yue`); a specific variety (`yue`) wants that one.
 */
export function speaksLanguage(languages: string[], wanted: string): boolean {
  const want = primary(wanted);
  return languages.some((language) => {
    const spoken = primary(language);
    return spoken === want || MACROLANGUAGE[spoken] === want;
  });
}

/** The languages the clinicians speak, each once, most clinicians first. */
export function spokenLanguages(practitioners: Practitioner[]): string[] {
  const counts = new Map<string, number>();
  for (const practitioner of practitioners)
    for (const language of new Set(practitioner.languages.map(primary)))
      counts.set(language, (counts.get(language) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([language]) => language);
}

/**
 * The language filter a search starts with: the patient's preferred language, as one of the
 * clinicians' languages, when someone other than an English speaker prefers it and a clinician speaks
 * it; otherwise none.
 */
export function defaultLanguageFilter(preferred: string | null, practitioners: Practitioner[]): string | null {
  if (!preferred || primary(preferred) === 'en') return null;
  const spoken = spokenLanguages(practitioners);
  if (spoken.includes(primary(preferred))) return primary(preferred);
  return spoken.find((language) => speaksLanguage([language], preferred)) ?? null;
}
