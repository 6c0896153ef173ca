import type { Metadata, Viewport } from 'next';
import { I18nProvider } from '@/components/i18n-provider';
import { QueryProvider } from '@/components/query-provider';
import { getTranslator } from '@/lib/server/locale';
import { MESSAGES } from '@/lib/i18n/messages';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Patient scheduling', template: '%s · Patient scheduling' },
  description: 'Book, change and check in to your clinic appointments.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0b5cad' };

export default async function RootLayout({ children }: { children: React.ReactNode }): Promise<React.ReactElement> {
  const { locale, t } = await getTranslator();
  return (
    <html lang={locale}>
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
