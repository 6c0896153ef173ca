'use client';

import './globals.css';

/** Last-resort boundary when the root layout itself fails. */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}): React.ReactElement {
  return (
    <html lang="en">
      <body>
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
      </body>
    </html>
  );
}
