import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PatientLoginForm } from '@/components/patient-login-form';
import { getPatientSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/i18n/server';
import { loadTenant } from '../load-tenant';

export const metadata: Metadata = { title: 'Log in' };

export default async function PatientLoginPage({ params }: { params: Promise<{ tenant: string }> }): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  if (await getPatientSession(tenant.slug)) redirect(`/${tenant.slug}/me`);
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t('login.title')}</h1>
      <div className="card">
        <PatientLoginForm tenantSlug={tenant.slug} />
      </div>
    </>
  );
}
