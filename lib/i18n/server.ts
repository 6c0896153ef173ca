/**
 * Translations for server components and route handlers: the request's language (cookie, then the
 * signed-in patient's choice, then Accept-Language) and a translator bound to it. ICU message syntax
 * through use-intl.
 */
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { createTranslator } from 'use-intl/core';
import { readSessionClaims } from '@/lib/auth/check-patient-session';
import { getConfig } from '@/lib/config';
import { log } from '@/lib/logger';
import { LOCALE_COOKIE, negotiateLocale, type Locale } from './locales';
import { MESSAGES, type Messages } from './messages';

interface CookieEntry {
  name: string;
  value: string;
}

/** The language a signed-in patient chose in their profile (carried by the session), if any. */
async function sessionLocale(cookieList: readonly CookieEntry[], headerList: Headers): Promise<string | undefined> {
  const sessionCookies = cookieList.filter((cookie) => cookie.name.includes('next-auth.session-token'));
  if (sessionCookies.length === 0) return undefined;
  try {
    const read = await readSessionClaims(
      {
        headers: Object.fromEntries(headerList.entries()),
        cookies: Object.fromEntries(sessionCookies.map((cookie) => [cookie.name, cookie.value])),
      },
      { secret: getConfig().NEXTAUTH_SECRET, absoluteHours: getConfig().SESSION_ABSOLUTE_HOURS },
    );
    return read.claims?.kind === 'patient' ? read.claims.locale : undefined;
  } catch (error) {
    // The language is never worth failing a request for (an error answer least of all).
    log().warn({ err: error }, 'could not read the session for its language');
    return undefined;
  }
}

async function localeFrom(cookieList: readonly CookieEntry[], headerList: Headers): Promise<Locale> {
  const chosen =
    cookieList.find((cookie) => cookie.name === LOCALE_COOKIE)?.value ?? (await sessionLocale(cookieList, headerList));
  return negotiateLocale({ chosen, acceptLanguage: headerList.get('accept-language') });
}

function parseCookieHeader(header: string | null): CookieEntry[] {
  return (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => {
      const index = part.indexOf('=');
      const raw = part.slice(index + 1);
      let value = raw;
      try {
        value = decodeURIComponent(raw);
      } catch {
        // A malformed escape is kept as sent.
      }
      return { name: part.slice(0, index), value };
    });
}

/** The browser's explicit choice (cookie), else the signed-in patient's preference, else Accept-Language. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return localeFrom(cookieStore.getAll(), headerList);
});

/**
 * The same negotiation as {@link getLocale} from a request's own headers, for code that has the
 * request but may run outside a page render (route handler errors, next-auth callbacks, tests).
 */
export async function requestLocale(request: { headers: Headers }): Promise<Locale> {
  return localeFrom(parseCookieHeader(request.headers.get('cookie')), request.headers);
}

export type Translator = ReturnType<typeof createTranslator<Messages>>;

export async function getTranslator(): Promise<{ locale: Locale; t: Translator }> {
  const locale = await getLocale();
  return { locale, t: createTranslator({ locale, messages: MESSAGES[locale] }) };
}
