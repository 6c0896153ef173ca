/**
 * The request's language from its own headers: the locale cookie, then the signed-in patient's
 * choice (carried by the session cookie), then Accept-Language. Pages read it through
 * lib/server/locale.ts; error answers and next-auth callbacks read it here.
 */
import { readSessionClaims } from '@/lib/auth/check-patient-session';
import { getConfig } from '@/lib/config';
import { LOCALE_COOKIE, negotiateLocale, type Locale } from '@/lib/i18n/locales';
import { log } from '@/lib/logger';

export interface CookieEntry {
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

export async function localeFrom(cookieList: readonly CookieEntry[], headerList: Headers): Promise<Locale> {
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

/**
 * The language negotiation pages use (lib/server/locale.ts) from a request's own headers, for code that has the
 * request but may run outside a page render (route handler errors, next-auth callbacks, tests).
 */
export async function requestLocale(request: { headers: Headers }): Promise<Locale> {
  return localeFrom(parseCookieHeader(request.headers.get('cookie')), request.headers);
}
