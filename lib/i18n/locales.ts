/** The languages patients can use, and how one is chosen for a request. */
export const LOCALES = ['en', 'es', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALE_COOKIE = 'locale';

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', zh: '中文' };

/**
 * The BCP 47 tag a page declares in `<html lang>` for each language: Chinese is written in Simplified
 * characters here, so `zh-Hans` (screen readers and fonts pick the right script; `zh` alone does not say).
 */
export const HTML_LANG: Record<Locale, string> = { en: 'en', es: 'es', zh: 'zh-Hans' };

export function isLocale(value: string | null | undefined): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The patient's explicit choice (cookie, set from their profile or the language menu) wins; otherwise
 * the browser's Accept-Language, best match first; otherwise English.
 */
export function negotiateLocale(options: { chosen?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(options.chosen)) return options.chosen;
  const ranked = (options.acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { language: tag.toLowerCase().split('-')[0] ?? '', quality: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.language && Number.isFinite(entry.quality) && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? DEFAULT_LOCALE;
}
