import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/sign-out-button';
import { getStaffSession } from '@/lib/auth/get-session';
import { staffRoleLabels } from '@/lib/identity/staff/staff-user';
import { loadTenant } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Staff' };

export default async function StaffHomePage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const staff = await getStaffSession(tenant.slug);
  if (!staff) redirect(`/${tenant.slug}/staff/login`);
  return (
    <>
      <h1>Hello, {staff.displayName}</h1>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Your account</h2>
        <p>
          {staffRoleLabels[staff.role]} at {tenant.displayName}
          {staff.locationIds.length > 0
            ? ` (${staff.locationIds.length} location${staff.locationIds.length === 1 ? '' : 's'})`
            : ', all locations'}
        </p>
        <SignOutButton callbackUrl={`/${tenant.slug}/staff/login`} />
      </section>
      <section className="card" aria-labelledby="desk-heading">
        <h2 id="desk-heading">Today</h2>
        <p>
          <Link href={`/${tenant.slug}/staff/board`}>Front-desk board</Link>
        </p>
      </section>
      {staff.role === 'admin' ? (
        <section className="card" aria-labelledby="admin-heading">
          <h2 id="admin-heading">Administration</h2>
          <ul>
            <li>
              <Link href={`/${tenant.slug}/staff/audit`}>Audit log</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/notifications`}>Undelivered messages</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/check-in`}>Check-in settings and lobby posters</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/ehr`}>EHR connection</Link>
            </li>
            <li>
              <Link href={`/${tenant.slug}/staff/changes`}>Changes from the EHR</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </>
  );
}
