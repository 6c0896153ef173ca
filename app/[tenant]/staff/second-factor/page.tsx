import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/sign-out-button';
import { StaffSecondFactor } from '@/components/staff/staff-second-factor';
import { readStaffSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.secondFactor.title') };
}

/** The passkey step after the password: confirm with a passkey, or set one up with an enrolment code. */
export default async function StaffSecondFactorPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const session = await readStaffSession(tenant.slug);
  if (!session) redirect(`/${tenant.slug}/staff/login`);
  if (session.stage === 'signed-in') redirect(`/${tenant.slug}/staff`);
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t('staff.secondFactor.title')}</h1>
      <div className="card">
        <StaffSecondFactor tenantSlug={tenant.slug} hasPasskey={session.passkeys > 0} />
      </div>
      <SignOutButton callbackUrl={`/${tenant.slug}/staff/login`} label={t('staff.secondFactor.signOut')} />
    </>
  );
}
