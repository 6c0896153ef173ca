import Link from 'next/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { db } from '@/lib/db/client';
import { listTenants } from '@/lib/tenancy/get-tenant';

export default async function ClinicListPage(): Promise<React.ReactElement> {
  await connection();
  const tenants = await listTenants(db());
  const onlyTenant = tenants.length === 1 ? tenants[0] : undefined;
  if (onlyTenant) redirect(`/${onlyTenant.slug}`);

  return (
    <>
      <SiteHeader homeHref="/" title="Patient scheduling" />
      <main id="main">
        <h1>Choose your clinic</h1>
        {tenants.length === 0 ? (
          <p className="card">No clinics are set up yet. An administrator can add one with <code>npm run tenant:add</code>.</p>
        ) : (
          <ul className="card-list">
            {tenants.map((tenant) => (
              <li key={tenant.slug}>
                <Link className="card-link" href={`/${tenant.slug}`}>
                  <div className="card">
                    <strong>{tenant.displayName}</strong>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </main>
      <SiteFooter />
    </>
  );
}
