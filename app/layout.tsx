import type { Metadata, Viewport } from 'next';
import { I18nProvider } from '@/components/i18n-provider';
import { QueryProvider } from '@/components/query-provider';
import { getTranslator } from '@/lib/server/locale';
import { HTML_LANG } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import { THEME_COLOR } from '@/lib/pwa/web-app-manifest';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Patient scheduling', template: '%s · Patient scheduling' },
  description: 'Book, change and check in to your clinic appointments.',
  manifest: '/manifest.webmanifest',
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '48x48' },
      { url: '/favicon.svg', type: 'image/svg+xml' },
    ],
    apple: [{ url: '/icons/apple-touch-icon.png', sizes: '180x180' }],
  },
  appleWebApp: { capable: true, title: 'Patient scheduling', statusBarStyle: 'default' },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: THEME_COLOR };

export default async function RootLayout({ children }: { children: React.ReactNode }): Promise<React.ReactElement> {
  const { locale, t } = await getTranslator();
  return (
    <html lang={HTML_LANG[locale]}>
      <body>
        <a className="skip-link" href="#main">
          {t('common.skipToContent')}
        </a>
        <I18nProvider locale={locale} messages={MESSAGES[locale]} timeZone="UTC">
          <QueryProvider>{children}</QueryProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
