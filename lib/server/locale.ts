/**
 * The request's language (cookie, then the signed-in patient's preference, then Accept-Language) and a
 * translator bound to it, for server components and route handlers. ICU message syntax through use-intl.
 * Request wiring, so it lives here and not in lib/i18n (which knows no session).
 */
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { createTranslator } from 'use-intl/core';
import { localeFrom } from '@/lib/http/request-locale';
import type { Locale } from '@/lib/i18n/locales';
import { MESSAGES, type Messages } from '@/lib/i18n/messages';

/** The browser's explicit choice (cookie), else the signed-in patient's preference, else Accept-Language. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return localeFrom(cookieStore.getAll(), headerList);
});

export type Translator = ReturnType<typeof createTranslator<Messages>>;

export async function getTranslator(): Promise<{ locale: Locale; t: Translator }> {
  const locale = await getLocale();
  return { locale, t: createTranslator({ locale, messages: MESSAGES[locale] }) };
}
