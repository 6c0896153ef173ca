import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LeaveWaitlistButton } from '@/components/leave-waitlist-button';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, patientPageContext } from '@/lib/server/context';
import { formatLocalDate, formatLocalDateTime } from '@/lib/time/format';
import { listWaitlistEntries } from '@/lib/waitlist/list-waitlist-entries';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('waitlist.title') };
}

/** The waitlist entries of the signed-in person and their dependents, each with a way to leave. */
export default async function WaitlistPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await patientPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/login`);
  const { locale, t } = await getTranslator();
  const entries = await listWaitlistEntries(context.deps, { ...context.actor, locale });
  return (
    <>
      <h1>{t('waitlist.title')}</h1>
      <p className="muted">{t('waitlist.intro')}</p>
      <section className="card" aria-labelledby="waitlist-heading">
        <h2 id="waitlist-heading">{t('waitlist.link')}</h2>
        {entries.length === 0 ? (
          <p>{t('waitlist.none')}</p>
        ) : (
          <ul>
            {entries.map((entry) => (
              <li key={entry.id} className="appointment">
                <p>
                  <strong>{entry.serviceName}</strong> · {entry.patientName}
                </p>
                <p>
                  {entry.appointmentId ? (
                    <Link href={`/${tenant.slug}/appointments/${entry.appointmentId}`}>
                      {t('waitlist.earlierThan', {
                        when: formatLocalDateTime(entry.latest, tenant.timeZone, locale),
                      })}
                    </Link>
                  ) : (
                    t('waitlist.range', {
                      from: formatLocalDate(entry.earliest, tenant.timeZone, locale),
                      to: formatLocalDate(entry.latest, tenant.timeZone, locale),
                    })
                  )}
                </p>
                <p className="muted">
                  {entry.practitionerName
                    ? t('waitlist.withClinician', { name: entry.practitionerName })
                    : t('waitlist.anyClinician')}
                  {' · '}
                  {entry.locationNames.length > 0 ? entry.locationNames.join(', ') : t('waitlist.anyLocation')}
                </p>
                <LeaveWaitlistButton
                  tenantSlug={tenant.slug}
                  entryId={entry.id}
                  label={t('waitlist.leaveFor', { service: entry.serviceName, patient: entry.patientName })}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <Link href={`/${tenant.slug}/me`}>{t('me.upcoming')}</Link>
      </p>
    </>
  );
}
