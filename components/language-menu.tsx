import type { Locale } from '@/lib/i18n/locales';
import { LocaleOptions } from './locale-options';

export interface LanguageMenuProps {
  current: Locale;
  /** Where to come back to after switching. */
  returnTo: string;
  labels: { language: string; change: string };
}

/** A plain form (works without JavaScript) that stores the chosen language in a cookie. */
export function LanguageMenu({ current, returnTo, labels }: LanguageMenuProps): React.ReactElement {
  return (
    <form className="language-menu" method="post" action="/api/locale">
      <input type="hidden" name="returnTo" value={returnTo} />
      <label htmlFor="language-select">{labels.language}</label>
      <select id="language-select" name="locale" defaultValue={current}>
        <LocaleOptions />
      </select>
      <button className="button button--secondary button--small" type="submit">
        {labels.change}
      </button>
    </form>
  );
}
