import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RegistrationForm } from '@/components/registration-form';
import { getPatientSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('register.title') };
}

/** "I'm new here": a new patient registers on their phone. */
export default async function RegisterPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  if (await getPatientSession(tenant.slug)) redirect(`/${tenant.slug}/me`);
  const { t } = await getTranslator();
  return (
    <RegistrationForm
      tenantSlug={tenant.slug}
      clinicName={tenant.displayName}
      insurance={{
        payers: tenant.insuranceSettings.payers.map((payer) => ({ payerId: payer.payerId, name: payer.name })),
        timeZone: tenant.timeZone,
      }}
      intro={
        <>
          <h1>{t('register.title')}</h1>
          <p>{t('register.intro', { clinic: tenant.displayName })}</p>
        </>
      }
      outro={
        <p>
          {t('register.haveMrn')} <Link href={`/${tenant.slug}/login`}>{t('login.startCta')}</Link>
        </p>
      }
    />
  );
}
