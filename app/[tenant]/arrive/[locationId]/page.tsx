import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LobbyCheckIn } from '@/components/lobby-check-in';
import { getPatientSession } from '@/lib/auth/get-session';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('checkin.lobbyTitle') };
}

interface ArrivePageProps {
  params: Promise<{ tenant: string; locationId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function one(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** Opened from the lobby poster's QR code: sign in if needed (and come back here), then check in. */
export default async function ArrivePage({ params, searchParams }: ArrivePageProps): Promise<React.ReactElement> {
  const { tenant: slug, locationId } = await params;
  const tenant = await loadTenant(slug);
  const query = await searchParams;
  const link = { k: one(query.k), e: one(query.e), s: one(query.s) };
  if (!(await getPatientSession(tenant.slug))) {
    const here = `/${tenant.slug}/arrive/${encodeURIComponent(locationId)}?${new URLSearchParams(link).toString()}`;
    redirect(`/${tenant.slug}/login?${new URLSearchParams({ returnTo: here }).toString()}`);
  }
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t('checkin.lobbyTitle')}</h1>
      <section className="card">
        <p>{t('checkin.lobbyIntro')}</p>
        <LobbyCheckIn tenantSlug={tenant.slug} locationId={locationId} poster={link} />
      </section>
    </>
  );
}
