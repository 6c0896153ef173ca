import { defineRoute } from '@/lib/http/route';
import { HTML_LANG } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import { manifestResponse, webAppManifest } from '@/lib/pwa/web-app-manifest';

/** The site's web app manifest (the clinic list); each clinic serves its own under /{clinic}/. */
export const GET = defineRoute(() =>
  Promise.resolve(
    manifestResponse(
      webAppManifest({
        name: MESSAGES.en.common.appName,
        description: 'Book, change and check in to your clinic appointments.',
        startPath: '/',
        lang: HTML_LANG.en,
      }),
    ),
  ),
);
