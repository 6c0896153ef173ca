import type { Metadata } from 'next';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { loadTenant } from './load-tenant';

interface TenantLayoutProps {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}

export async function generateMetadata({ params }: Omit<TenantLayoutProps, 'children'>): Promise<Metadata> {
  const tenant = await loadTenant((await params).tenant);
  return { title: { default: tenant.displayName, template: `%s · ${tenant.displayName}` } };
}

export default async function TenantLayout({ children, params }: TenantLayoutProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  return (
    <>
      <SiteHeader homeHref={`/${tenant.slug}`} title={tenant.displayName} />
      <main id="main">{children}</main>
      <SiteFooter clinicName={tenant.displayName} contactPhone={tenant.contactPhone} />
    </>
  );
}
