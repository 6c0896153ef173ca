/**
 * The request's language (cookie, then the signed-in patient's preference, then Accept-Language) and a
 * translator bound to it, for server components and route handlers. ICU message syntax through use-intl.
 * Request wiring, so it lives here and not in lib/i18n (which knows no session).
 */
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { createTranslator } from 'use-intl/core';
import { readSessionClaims } from '@/lib/auth/check-patient-session';
import { getConfig } from '@/lib/config';
import { LOCALE_COOKIE, negotiateLocale, type Locale } from '@/lib/i18n/locales';
import { MESSAGES, type Messages } from '@/lib/i18n/messages';

/** The language a signed-in patient chose in their profile (carried by the session), if any. */
async function sessionLocale(
  cookieStore: Awaited<ReturnType<typeof cookies>>,
  headerList: Headers,
): Promise<string | undefined> {
  const sessionCookies = cookieStore.getAll().filter((cookie) => cookie.name.includes('next-auth.session-token'));
  if (sessionCookies.length === 0) return undefined;
  const read = await readSessionClaims(
    {
      headers: Object.fromEntries(headerList.entries()),
      cookies: Object.fromEntries(sessionCookies.map((cookie) => [cookie.name, cookie.value])),
    },
    { secret: getConfig().NEXTAUTH_SECRET, absoluteHours: getConfig().SESSION_ABSOLUTE_HOURS },
  );
  return read.claims?.kind === 'patient' ? read.claims.locale : undefined;
}

/** The browser's explicit choice (cookie), else the signed-in patient's preference, else Accept-Language. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const chosen = cookieStore.get(LOCALE_COOKIE)?.value ?? (await sessionLocale(cookieStore, headerList));
  return negotiateLocale({ chosen, acceptLanguage: headerList.get('accept-language') });
});

export type Translator = ReturnType<typeof createTranslator<Messages>>;

export async function getTranslator(): Promise<{ locale: Locale; t: Translator }> {
  const locale = await getLocale();
  return { locale, t: createTranslator({ locale, messages: MESSAGES[locale] }) };
}
