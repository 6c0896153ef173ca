import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CheckInSettingsForm } from '@/components/check-in-settings-form';
import { getCheckInSettings } from '@/lib/checkin/get-check-in-settings';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Check-in settings' };

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
  const view = await getCheckInSettings(deps, actor);
  return (
    <>
      <h1>Check-in settings</h1>
      <p className="muted">
        A phone checks in when it is within the radius of the location, plus its reported accuracy up to the cap, during
        the window around the appointment&apos;s start, on the appointment&apos;s day in the location&apos;s time zone.
      </p>
      <section className="card" aria-labelledby="posters-heading">
        <h2 id="posters-heading">Lobby posters</h2>
        <ul>
          {view.locations.map((location) => (
            <li key={location.id}>
              <Link href={`/${tenant.slug}/staff/check-in/posters/${encodeURIComponent(location.id)}`}>
                Poster for {location.name}
              </Link>
              {location.hasPosition ? null : (
                <span className="muted">
                  {' '}
                  (no map position in the EHR: phone check-in is off here, the poster works)
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <CheckInSettingsForm tenantSlug={tenant.slug} view={view} />
    </>
  );
}
