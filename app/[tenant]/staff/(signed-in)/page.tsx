import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/sign-out-button';
import { getStaffSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.home.title') };
}

export default async function StaffHomePage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const staff = await getStaffSession(tenant.slug);
  if (!staff) redirect(`/${tenant.slug}/staff/login`);
  const { t } = await getTranslator();
  const role = t(`staff.role.${staff.role}`);
  return (
    <>
      <h1>{t('staff.home.hello', { name: staff.displayName })}</h1>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">{t('staff.home.account')}</h2>
        <p>
          {staff.locationIds.length > 0
            ? t('staff.home.someLocations', { role, clinic: tenant.displayName, count: staff.locationIds.length })
            : t('staff.home.allLocations', { role, clinic: tenant.displayName })}
        </p>
        <SignOutButton callbackUrl={`/${tenant.slug}/staff/login`} label={t('staff.signOut')} />
      </section>
      <section className="card" aria-labelledby="desk-heading">
        <h2 id="desk-heading">{t('staff.home.today')}</h2>
        <p>
          <Link href={`/${tenant.slug}/staff/board`}>{t('staff.home.boardLink')}</Link>
        </p>
      </section>
      {staff.role === 'admin' ? (
        <section className="card" aria-labelledby="admin-heading">
          <h2 id="admin-heading">{t('staff.home.administration')}</h2>
          <ul>
            <li>
              <Link href={`/${tenant.slug}/staff/audit`}>{t('staff.home.auditLink')}</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/notifications`}>{t('staff.home.notificationsLink')}</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/check-in`}>{t('staff.home.checkInLink')}</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/ehr`}>{t('staff.home.ehrLink')}</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/changes`}>{t('staff.home.changesLink')}</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </>
  );
}
