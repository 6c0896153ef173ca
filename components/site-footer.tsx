import { LanguageMenu } from './language-menu';
import type { Locale } from '@/lib/i18n/locales';

export interface SiteFooterProps {
  clinicName?: string;
  contactPhone?: string | null;
  locale: Locale;
  returnTo: string;
  labels: { questionsCall?: string; appName: string; language: string; change: string };
}

export function SiteFooter({
  clinicName,
  contactPhone,
  locale,
  returnTo,
  labels,
}: SiteFooterProps): React.ReactElement {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        {clinicName && contactPhone && labels.questionsCall ? (
          <p>
            {labels.questionsCall} <a href={`tel:${contactPhone.replace(/[^+\d]/g, '')}`}>{contactPhone}</a>
          </p>
        ) : (
          <p>{labels.appName}</p>
        )}
        <LanguageMenu
          current={locale}
          returnTo={returnTo}
          labels={{ language: labels.language, change: labels.change }}
        />
      </div>
    </footer>
  );
}
