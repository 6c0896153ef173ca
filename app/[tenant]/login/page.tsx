import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PatientLoginForm } from '@/components/patient-login-form';
import { getPatientSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('login.title') };
}

/** A path of this clinic to return to after signing in (e.g. the lobby check-in page), or undefined. */
function safeReturnTo(slug: string, value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value.startsWith(`/${slug}/`) && !value.startsWith('//') && !value.includes('\\')
    ? value
    : undefined;
}

export default async function PatientLoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const returnTo = safeReturnTo(tenant.slug, (await searchParams).returnTo);
  if (await getPatientSession(tenant.slug)) redirect(returnTo ?? `/${tenant.slug}/me`);
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t('login.title')}</h1>
      <div className="card">
        <PatientLoginForm tenantSlug={tenant.slug} returnTo={returnTo} />
      </div>
    </>
  );
}
