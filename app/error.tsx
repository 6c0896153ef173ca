'use client';

import { useEffect } from 'react';

interface ErrorPageProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/** Shown when a page fails to render: a plain apology and a retry, never the error's details. */
export default function ErrorPage({ error, reset }: ErrorPageProps): React.ReactElement {
  useEffect(() => {
    // The digest lets support match this screen to the server's log line; it reveals nothing.
    if (error.digest) console.error(`Page error, reference ${error.digest}`);
  }, [error.digest]);

  return (
    <main id="main">
      <h1>Something went wrong</h1>
      <div className="card error-panel" role="alert">
        <p>We could not load this page. Please try again in a moment.</p>
        {error.digest ? <p className="muted">Reference: {error.digest}</p> : null}
        <button className="button" type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
