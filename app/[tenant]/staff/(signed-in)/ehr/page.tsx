import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { EhrCheckReport } from '@/components/ehr-check-report';
import { RunEhrCheckButton } from '@/components/run-ehr-check-button';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'EHR connection' };

/** Administrators: the last onboarding check of the clinic's EHR (npm run tenant:check), and a re-run. */
export default async function EhrConnectionPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  return (
    <>
      <h1>EHR connection</h1>
      <p className="muted">
        What the app needs from the clinic&apos;s EHR at {tenant.fhirBaseUrl}: its CapabilityStatement, the app&apos;s
        credentials and granted scope, the interactions and search parameters it uses, and transactions that are all or
        nothing. The same check runs with <code>npm run tenant:check</code>.
      </p>
      <section className="card" aria-labelledby="ehr-check-heading">
        <h2 id="ehr-check-heading">Last check</h2>
        {tenant.ehrCheck ? (
          <EhrCheckReport report={tenant.ehrCheck} />
        ) : (
          <p>The EHR has not been checked yet. Online booking is on until a check finds a problem.</p>
        )}
        <RunEhrCheckButton tenantSlug={tenant.slug} />
      </section>
    </>
  );
}
