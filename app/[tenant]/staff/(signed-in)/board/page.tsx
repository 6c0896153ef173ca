import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { DeskBoard } from '@/components/desk-board';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { getStaffSession } from '@/lib/auth/get-session';
import { getDeskBoard } from '@/lib/checkin/get-desk-board';
import { db } from '@/lib/db/client';
import { getLocale } from '@/lib/i18n/server';
import { getSchedulingProvider } from '@/lib/scheduling/get-provider';
import { loadTenant } from '../../../load-tenant';

export const metadata: Metadata = { title: 'Front desk' };
export const dynamic = 'force-dynamic';

/** The front-desk board: today's appointments at the clerk's locations, live. */
export default async function DeskBoardPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const staff = await getStaffSession(tenant.slug, ['front_desk', 'admin']);
  if (!staff) redirect(`/${tenant.slug}/staff/login`);
  const [headerList, locale] = await Promise.all([headers(), getLocale()]);
  const board = await getDeskBoard(
    { database: db(), provider: getSchedulingProvider(tenant) },
    {
      tenant,
      staffId: staff.accountId,
      role: staff.role,
      locationIds: staff.locationIds,
      locale,
      origin: requestOriginFrom(headerList),
    },
  );
  return (
    <div className="desk-page">
      <h1>Front desk</h1>
      <DeskBoard tenantSlug={tenant.slug} initial={board} />
    </div>
  );
}
