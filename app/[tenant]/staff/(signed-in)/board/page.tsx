import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { DeskBoard } from '@/components/desk-board';
import { getDeskBoard } from '@/lib/checkin/get-desk-board';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('board.title') };
}
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
  const [board, { t }] = await Promise.all([getDeskBoard(deps, actor), getTranslator()]);
  return (
    <div className="desk-page">
      <h1>{t('board.title')}</h1>
      <DeskBoard tenantSlug={tenant.slug} initial={board} />
    </div>
  );
}
