import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';

export default function NotFound(): React.ReactElement {
  return (
    <>
      <title>Page not found · Patient scheduling</title>
      <SiteHeader homeHref="/" title="Patient scheduling" />
      <main id="main">
        <h1>We couldn’t find that page</h1>
        <div className="card error-panel">
          <p>The clinic or page you are looking for does not exist. Check the address, or choose your clinic from the list.</p>
          <p>
            <Link className="button" href="/">
              See all clinics
            </Link>
          </p>
        </div>
      </main>
    </>
  );
}
