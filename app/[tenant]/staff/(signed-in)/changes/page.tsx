import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { MESSAGES } from '@/lib/i18n/messages';
import { getLocale, getTranslator } from '@/lib/server/locale';
import { appDeps, loadTenant, staffPageContext } from '@/lib/server/context';
import { listClinicSyncStatus } from '@/lib/sync/sync-status';
import { formatLocalDate, formatLocalTime } from '@/lib/time/format';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('syncAdmin.title') };
}
export const dynamic = 'force-dynamic';

/** Administrators: how far behind the EHR change detection is (lib/sync), its last success and last error. */
export default async function ChangeDetectionPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const locale = await getLocale();
  const text = MESSAGES[locale].syncAdmin;
  const [status] = await listClinicSyncStatus(appDeps().database, { tenantId: tenant.id });
  const settings = tenant.providerSettings.changeDetection;
  const when = (instant: string | null): string =>
    instant
      ? `${formatLocalDate(instant, tenant.timeZone, locale)}, ${formatLocalTime(instant, tenant.timeZone, locale)}`
      : text.never;
  const seconds = (template: string, value: number): string => template.replace('{seconds}', String(value));
  return (
    <>
      <h1>{text.title}</h1>
      <p className="muted">{text.intro}</p>
      <section className="card" aria-labelledby="sync-status-heading">
        <h2 id="sync-status-heading">{tenant.displayName}</h2>
        {status ? (
          <dl>
            <dt>{text.source}</dt>
            <dd>
              {status.source === 'subscription'
                ? seconds(text.sourceSubscription, settings.subscriptionPollIntervalSeconds)
                : seconds(text.sourcePoll, settings.pollIntervalSeconds)}
            </dd>
            <dt>{text.lag}</dt>
            <dd>{status.lagSeconds === null ? text.never : seconds(text.lagValue, status.lagSeconds)}</dd>
            <dt>{text.lastSuccess}</dt>
            <dd>{when(status.lastSuccessAt)}</dd>
            <dt>{text.lastError}</dt>
            <dd>{status.lastError ? `${when(status.lastErrorAt)}: ${status.lastError}` : text.none}</dd>
            <dt>{text.changesSeen}</dt>
            <dd>{status.changesSeen}</dd>
            <dt>{text.unmappable}</dt>
            <dd>{status.unmappableSeen}</dd>
          </dl>
        ) : (
          <p>{text.notSetUp}</p>
        )}
      </section>
    </>
  );
}
