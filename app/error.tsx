'use client';

import { useEffect } from 'react';
import { useTranslations } from 'use-intl';

interface ErrorPageProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/** Shown when a page fails to render: a plain apology and a retry, never the error's details. */
export default function ErrorPage({ error, reset }: ErrorPageProps): React.ReactElement {
  const t = useTranslations('error');
  useEffect(() => {
    // The digest lets support match this screen to the server's log line; it reveals nothing.
    if (error.digest) console.error(`Page error, reference ${error.digest}`);
  }, [error.digest]);

  return (
    <main id="main">
      <h1>{t('title')}</h1>
      <div className="card error-panel" role="alert">
        <p>{t('body')}</p>
        {error.digest ? <p className="muted">{t('reference', { digest: error.digest })}</p> : null}
        <button className="button" type="button" onClick={reset}>
          {t('retry')}
        </button>
      </div>
    </main>
  );
}
