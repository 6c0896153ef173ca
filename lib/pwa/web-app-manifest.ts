/**
 * The installable web app's manifest (W3C Web App Manifest), for the whole site and per clinic: a
 * patient who adds their clinic's page to the home screen gets an app named after the clinic that
 * opens at the clinic's page. Icons are the committed files in public/icons (scripts/make-app-icons.ts).
 */
import { z } from 'zod';

/** The brand colour: the browser's toolbar and the splash screen (also `viewport.themeColor`). */
export const THEME_COLOR = '#0b5cad';
export const BACKGROUND_COLOR = '#ffffff';

export const WEB_APP_ICONS = [
  { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: '/icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
  { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
] as const;

export const webAppManifestSchema = z.object({
  id: z.string(),
  name: z.string().min(1),
  short_name: z.string().min(1).max(24),
  description: z.string(),
  lang: z.string(),
  start_url: z.string().startsWith('/'),
  scope: z.string().startsWith('/'),
  display: z.literal('standalone'),
  orientation: z.string(),
  theme_color: z.string(),
  background_color: z.string(),
  icons: z.array(
    z.object({ src: z.string(), sizes: z.string(), type: z.string(), purpose: z.enum(['any', 'maskable']) }),
  ),
});
export type WebAppManifest = z.infer<typeof webAppManifestSchema>;

/** A short name that fits under a home-screen icon (about 12 characters shown; at most 24). */
function shortNameOf(name: string): string {
  if (name.length <= 12) return name;
  const firstWord = name.split(/\s+/)[0] ?? name;
  return (firstWord.length >= 3 ? firstWord : name).slice(0, 24);
}

export function webAppManifest(input: {
  name: string;
  description: string;
  /** Where the installed app opens, e.g. `/demo`; also its scope. */
  startPath: string;
  lang: string;
}): WebAppManifest {
  return {
    id: input.startPath,
    name: input.name,
    short_name: shortNameOf(input.name),
    description: input.description,
    lang: input.lang,
    start_url: input.startPath,
    scope: input.startPath,
    display: 'standalone',
    orientation: 'any',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: WEB_APP_ICONS.map((icon) => ({ ...icon })),
  };
}

/** The manifest as an HTTP answer (`application/manifest+json`, cacheable for an hour). */
export function manifestResponse(manifest: WebAppManifest): Response {
  return new Response(JSON.stringify(manifest), {
    headers: { 'content-type': 'application/manifest+json', 'cache-control': 'public, max-age=3600' },
  });
}
