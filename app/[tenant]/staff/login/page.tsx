import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { StaffLoginForm } from '@/components/staff-login-form';
import { readStaffSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.login.title') };
}

export default async function StaffLoginPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const session = await readStaffSession(tenant.slug);
  if (session) redirect(`/${tenant.slug}/staff${session.stage === 'second-factor' ? '/second-factor' : ''}`);
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t('staff.login.title')}</h1>
      <div className="card">
        <StaffLoginForm tenantSlug={tenant.slug} />
      </div>
    </>
  );
}
