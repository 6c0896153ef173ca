import { NextResponse } from 'next/server';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { updatePatientPreferences } from '@/lib/identity/patient/update-preferences';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { preferencesSchema } from '@/lib/api/identity.input';

export const dynamic = 'force-dynamic';

/** The patient's contact channel and language; the language also becomes this browser's choice. */
export const PUT = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const preferences = await updatePatientPreferences(deps, {
    tenant: actor.tenant,
    accountId: actor.accountId,
    patientId: actor.patientId,
    preferences: await parseJsonBody(request, preferencesSchema),
    origin: actor.origin,
  });
  const response = NextResponse.json({ preferences } satisfies ResponseOf<typeof identityApi.preferences>);
  if (preferences.preferredLocale)
    response.cookies.set(LOCALE_COOKIE, preferences.preferredLocale, {
      path: '/',
      maxAge: 365 * 86_400,
      sameSite: 'lax',
      httpOnly: false,
    });
  return response;
});
