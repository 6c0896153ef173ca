/**
 * Translations for server components and route handlers: the request's language (cookie, then
 * Accept-Language) and a translator bound to it. ICU message syntax through use-intl.
 */
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { createTranslator } from 'use-intl/core';
import { LOCALE_COOKIE, negotiateLocale, type Locale } from './locales';
import { MESSAGES, type Messages } from './messages';

export const getLocale = cache(async (): Promise<Locale> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return negotiateLocale({ chosen: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: headerList.get('accept-language') });
});

export type Translator = ReturnType<typeof createTranslator<Messages>>;

export async function getTranslator(): Promise<{ locale: Locale; t: Translator }> {
  const locale = await getLocale();
  return { locale, t: createTranslator({ locale, messages: MESSAGES[locale] }) };
}
