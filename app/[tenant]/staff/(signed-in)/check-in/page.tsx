import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CheckInSettingsForm } from '@/components/check-in-settings-form';
import { getCheckInSettings } from '@/lib/checkin/get-check-in-settings';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.checkIn.title') };
}

/** Administrators: geofence radius, window and accuracy cap, clinic-wide and per location; lobby posters. */
export default async function CheckInSettingsPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { actor, deps } = context;
  const [view, { t }] = await Promise.all([getCheckInSettings(deps, actor), getTranslator()]);
  return (
    <>
      <h1>{t('staff.checkIn.title')}</h1>
      <p className="muted">{t('staff.checkIn.intro')}</p>
      <section className="card" aria-labelledby="posters-heading">
        <h2 id="posters-heading">{t('staff.checkIn.posters')}</h2>
        <ul>
          {view.locations.map((location) => (
            <li key={location.id}>
              <Link href={`/${tenant.slug}/staff/check-in/posters/${encodeURIComponent(location.id)}`}>
                {t('staff.checkIn.posterFor', { location: location.name })}
              </Link>
              {location.hasPosition ? null : <span className="muted"> {t('staff.checkIn.noPosition')}</span>}
            </li>
          ))}
        </ul>
      </section>
      <CheckInSettingsForm tenantSlug={tenant.slug} view={view} />
    </>
  );
}
