import { NextResponse } from 'next/server';
import { AppError } from '@/lib/errors';
import { defineRoute } from '@/lib/http/route';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { localeFormSchema } from '@/lib/api/system.input';

/** Stores the chosen language and goes back to the page the patient was on. */
export const POST = defineRoute(async (request) => {
  const form = await request.formData().catch(() => null);
  const parsed = localeFormSchema.safeParse({
    locale: form?.get('locale') ?? undefined,
    returnTo: form?.get('returnTo') ?? undefined,
  });
  if (!parsed.success) throw new AppError('invalid_input', 'request.invalidLanguage');
  // A relative Location keeps the browser on the host it used (the cookie was set for that host).
  const response = new NextResponse(null, { status: 303, headers: { location: parsed.data.returnTo } });
  response.cookies.set(LOCALE_COOKIE, parsed.data.locale, {
    path: '/',
    maxAge: 365 * 86_400,
    sameSite: 'lax',
    httpOnly: false,
  });
  return response;
});
