import type { Metadata } from 'next';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { currentPath } from '@/lib/http/current-path';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

interface TenantLayoutProps {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}

export async function generateMetadata({ params }: Omit<TenantLayoutProps, 'children'>): Promise<Metadata> {
  const tenant = await loadTenant((await params).tenant);
  return {
    title: { default: tenant.displayName, template: `%s · ${tenant.displayName}` },
    // Installed from a clinic's page, the app is that clinic's (named after it, opening there).
    manifest: `/${tenant.slug}/manifest.webmanifest`,
    appleWebApp: { capable: true, title: tenant.displayName },
  };
}

export default async function TenantLayout({ children, params }: TenantLayoutProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const [{ locale, t }, returnTo] = await Promise.all([getTranslator(), currentPath(`/${tenant.slug}`)]);
  return (
    <>
      <SiteHeader homeHref={`/${tenant.slug}`} title={tenant.displayName} />
      <main id="main">{children}</main>
      <SiteFooter
        clinicName={tenant.displayName}
        contactPhone={tenant.contactPhone}
        locale={locale}
        returnTo={returnTo}
        labels={{
          questionsCall: t('common.questionsCall', { clinic: tenant.displayName }),
          appName: t('common.appName'),
          language: t('common.language'),
          change: t('common.change'),
        }}
      />
    </>
  );
}
