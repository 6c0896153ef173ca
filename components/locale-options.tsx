import { HTML_LANG, LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';

/** The app's languages as `<option>`s, each named in its own language. */
export function LocaleOptions(): React.ReactElement {
  return (
    <>
      {LOCALES.map((locale) => (
        <option key={locale} value={locale} lang={HTML_LANG[locale]}>
          {LOCALE_NAMES[locale]}
        </option>
      ))}
    </>
  );
}
