import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { getTranslator } from '@/lib/server/locale';

export default async function NotFound(): Promise<React.ReactElement> {
  const { t } = await getTranslator();
  return (
    <>
      <title>{`${t('notFound.title')} · ${t('common.appName')}`}</title>
      <SiteHeader homeHref="/" title={t('common.appName')} />
      <main id="main">
        <h1>{t('notFound.title')}</h1>
        <div className="card error-panel">
          <p>{t('notFound.body')}</p>
          <p>
            <Link className="button" href="/">
              {t('notFound.allClinics')}
            </Link>
          </p>
        </div>
      </main>
    </>
  );
}
