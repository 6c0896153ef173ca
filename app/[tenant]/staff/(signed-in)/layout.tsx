import { redirect } from 'next/navigation';
import { StaffMenu } from '@/components/staff/staff-menu';
import { getStaffSession } from '@/lib/auth/get-session';
import { currentPath } from '@/lib/http/current-path';
import { getTranslator } from '@/lib/server/locale';

/** Every staff page requires a staff session of this clinic, and shows the staff menu for its role. */
export default async function StaffLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const { tenant } = await params;
  const staff = await getStaffSession(tenant);
  if (!staff) redirect(`/${tenant}/staff/login`);
  const [{ t }, path] = await Promise.all([getTranslator(), currentPath(`/${tenant}/staff`)]);
  const base = `/${tenant}/staff`;
  const items = [
    { href: base, label: t('staff.menu.home') },
    { href: `${base}/board`, label: t('staff.menu.board') },
    ...(staff.role === 'admin'
      ? [
          { href: `${base}/audit`, label: t('staff.menu.audit') },
          { href: `${base}/notifications`, label: t('staff.menu.notifications') },
          { href: `${base}/check-in`, label: t('staff.menu.checkIn') },
          { href: `${base}/ehr`, label: t('staff.menu.ehr') },
          { href: `${base}/changes`, label: t('staff.menu.changes') },
          { href: `${base}/bridge`, label: t('staff.menu.bridge') },
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
