import { redirect } from 'next/navigation';
import { getStaffSession } from '@/lib/auth/get-session';

/** Every staff page requires a staff session of this clinic. */
export default async function StaffLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const { tenant } = await params;
  if (!(await getStaffSession(tenant))) redirect(`/${tenant}/staff/login`);
  return <>{children}</>;
}
