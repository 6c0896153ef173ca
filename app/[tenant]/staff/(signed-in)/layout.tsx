import { redirect } from 'next/navigation';
import { StaffMenu } from '@/components/staff/staff-menu';
import { readStaffSession } from '@/lib/auth/get-session';
import { isBridgedClinic } from '@/lib/bridge/configure-bridge';
import { currentPath } from '@/lib/http/current-path';
import { appDeps, loadTenant } from '@/lib/server/context';
import { getTranslator } from '@/lib/server/locale';

/**
 * Every staff page requires a complete staff session of this clinic (a session that still owes its
 * passkey goes to that step), and shows the staff menu for its role.
 */
export default async function StaffLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const { tenant } = await params;
  const session = await readStaffSession(tenant);
  if (!session) redirect(`/${tenant}/staff/login`);
  if (session.stage === 'second-factor') redirect(`/${tenant}/staff/second-factor`);
  const staff = session.claims;
  const [{ t }, path, bridged] = await Promise.all([
    getTranslator(),
    currentPath(`/${tenant}/staff`),
    staff.role === 'admin' ? isBridgedClinic(appDeps().database, (await loadTenant(tenant)).id) : false,
  ]);
  const base = `/${tenant}/staff`;
  const items = [
    { href: base, label: t('staff.menu.home') },
    { href: `${base}/board`, label: t('staff.menu.board') },
    { href: `${base}/passkeys`, label: t('staff.menu.security') },
    ...(staff.role === 'admin'
      ? [
          { href: `${base}/audit`, label: t('staff.menu.audit') },
          { href: `${base}/notifications`, label: t('staff.menu.notifications') },
          { href: `${base}/check-in`, label: t('staff.menu.checkIn') },
          { href: `${base}/ehr`, label: t('staff.menu.ehr') },
          { href: `${base}/changes`, label: t('staff.menu.changes') },
          { href: `${base}/waitlist`, label: t('staff.menu.waitlist') },
          ...(bridged ? [{ href: `${base}/bridge`, label: t('staff.menu.bridge') }] : []),
        ]
      : []),
  ];
  return (
    <>
      <StaffMenu label={t('staff.menu.label')} items={items} currentPath={path} />
      {children}
    </>
  );
}
