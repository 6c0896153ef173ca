'use client';

import { IntlProvider } from 'use-intl';
import type { Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';

export interface I18nProviderProps {
  locale: Locale;
  messages: Messages;
  timeZone: string;
  children: React.ReactNode;
}

/** Makes the request's language available to client components (`useTranslations`). */
export function I18nProvider({ locale, messages, timeZone, children }: I18nProviderProps): React.ReactElement {
  return (
    <IntlProvider locale={locale} messages={messages} timeZone={timeZone}>
      {children}
    </IntlProvider>
  );
}
