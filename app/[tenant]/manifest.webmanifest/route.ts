import { clinicContext } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import { HTML_LANG } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import { manifestResponse, webAppManifest } from '@/lib/pwa/web-app-manifest';

export const dynamic = 'force-dynamic';

/** The clinic's web app manifest: installed from the clinic's pages, the app is named after it and opens there. */
export const GET = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { tenant, locale } = await clinicContext(params.tenant, request.headers);
  return manifestResponse(
    webAppManifest({
      name: tenant.displayName,
      description: MESSAGES[locale].home.intro,
      startPath: `/${tenant.slug}`,
      lang: HTML_LANG[locale],
    }),
  );
});
