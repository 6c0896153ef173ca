import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { DeskBoard } from '@/components/desk-board';
import { getDeskBoard } from '@/lib/checkin/get-desk-board';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Front desk' };
export const dynamic = 'force-dynamic';

/** The front-desk board: today's appointments at the clerk's locations, live. */
export default async function DeskBoardPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['front_desk', 'admin']);
  if (!context) redirect(`/${tenant.slug}/staff/login`);
  const { actor, deps } = context;
  const board = await getDeskBoard(deps, actor);
  return (
    <div className="desk-page">
      <h1>Front desk</h1>
      <DeskBoard tenantSlug={tenant.slug} initial={board} />
    </div>
  );
}
