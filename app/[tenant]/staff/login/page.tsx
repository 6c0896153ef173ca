import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { StaffLoginForm } from '@/components/staff-login-form';
import { getStaffSession } from '@/lib/auth/get-session';
import { loadTenant } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Staff sign-in' };

export default async function StaffLoginPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  if (await getStaffSession(tenant.slug)) redirect(`/${tenant.slug}/staff`);
  return (
    <>
      <h1>Staff sign-in</h1>
      <div className="card">
        <StaffLoginForm tenantSlug={tenant.slug} />
      </div>
    </>
  );
}
