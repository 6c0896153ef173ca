import Link from 'next/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { appDeps } from '@/lib/server/context';
import { getTranslator } from '@/lib/server/locale';
import { listTenants } from '@/lib/tenancy/get-tenant';

export default async function ClinicListPage(): Promise<React.ReactElement> {
  await connection();
  const tenants = await listTenants(appDeps().database);
  const onlyTenant = tenants.length === 1 ? tenants[0] : undefined;
  if (onlyTenant) redirect(`/${onlyTenant.slug}`);
  const { locale, t } = await getTranslator();

  return (
    <>
      <SiteHeader homeHref="/" title={t('common.appName')} />
      <main id="main">
        <h1>{t('home.chooseClinic')}</h1>
        {tenants.length === 0 ? (
          <p className="card">{t('home.noClinics')}</p>
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
      <SiteFooter
        locale={locale}
        returnTo="/"
        labels={{ appName: t('common.appName'), language: t('common.language'), change: t('common.change') }}
      />
    </>
  );
}
