import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { BridgeCsvMappingForm } from '@/components/bridge-csv-mapping-form';
import { BridgeCsvUpload } from '@/components/bridge-csv-upload';
import { BridgeRetryButton } from '@/components/bridge-retry-button';
import { getBridgeOverview } from '@/lib/bridge/admin/get-bridge-overview';
import { CSV_KINDS } from '@/lib/bridge/bridge-settings';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';
import { formatLocalDateTime } from '@/lib/time/format';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('bridgeAdmin.title') };
}
export const dynamic = 'force-dynamic';

/**
 * Administrators of a clinic on a legacy EHR (lib/bridge): the connection, what was applied and what
 * waits in quarantine (reason, raw text, retry), and the CSV upload through the clinic's column mapping.
 */
export default async function BridgePage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { locale, t } = await getTranslator();
  const overview = await getBridgeOverview(context.deps.database, context.actor);
  const when = (instant: string | null): string =>
    instant ? formatLocalDateTime(instant, tenant.timeZone, locale) : t('bridgeAdmin.never');
  if (!overview)
    return (
      <>
        <h1>{t('bridgeAdmin.title')}</h1>
        <p>{t('errors.bridge.notBridged')}</p>
      </>
    );
  const { counts } = overview;
  return (
    <>
      <h1>{t('bridgeAdmin.title')}</h1>
      <p className="muted">{t('bridgeAdmin.intro')}</p>
      <section className="card" aria-labelledby="bridge-connection-heading">
        <h2 id="bridge-connection-heading">{t('bridgeAdmin.connectionHeading')}</h2>
        <dl className="details">
          <dt>{t('bridgeAdmin.port')}</dt>
          <dd>{overview.port ?? t('bridgeAdmin.noPort')}</dd>
          <dt>{t('bridgeAdmin.connection')}</dt>
          <dd>{overview.connected ? t('bridgeAdmin.connected') : t('bridgeAdmin.disconnected')}</dd>
          <dt>{t('bridgeAdmin.lastConnected')}</dt>
          <dd>{when(overview.lastConnectedAt)}</dd>
          <dt>{t('bridgeAdmin.lastMessage')}</dt>
          <dd>{when(overview.lastMessageAt)}</dd>
          <dt>{t('bridgeAdmin.applyLatency')}</dt>
          <dd>
            {overview.applyLatency
              ? t('bridgeAdmin.applyLatencyValue', {
                  p50: overview.applyLatency.p50Ms,
                  p95: overview.applyLatency.p95Ms,
                })
              : t('bridgeAdmin.never')}
          </dd>
          <dt>{t('bridgeAdmin.outboundLag')}</dt>
          <dd>
            {counts.outboundPending > 0
              ? t('bridgeAdmin.outboundLagValue', { seconds: overview.outboundLagSeconds })
              : t('bridgeAdmin.outboundNone')}
          </dd>
          <dt>{t('bridgeAdmin.applied')}</dt>
          <dd>{counts.applied}</dd>
          <dt>{t('bridgeAdmin.quarantinedCount')}</dt>
          <dd>{counts.quarantined}</dd>
          <dt>{t('bridgeAdmin.outboundPending')}</dt>
          <dd>{counts.outboundPending}</dd>
          <dt>{t('bridgeAdmin.outboundRejected')}</dt>
          <dd>{counts.outboundRejected}</dd>
        </dl>
      </section>
      <section aria-labelledby="bridge-quarantine-heading">
        <h2 id="bridge-quarantine-heading">{t('bridgeAdmin.quarantineHeading')}</h2>
        {overview.quarantined.length === 0 ? (
          <p>{t('bridgeAdmin.quarantineNone')}</p>
        ) : (
          <>
            <p className="muted">{t('bridgeAdmin.quarantineIntro')}</p>
            {counts.quarantined > overview.quarantined.length ? (
              <p className="muted">
                {t('bridgeAdmin.quarantineMore', { shown: overview.quarantined.length, total: counts.quarantined })}
              </p>
            ) : null}
            <ul className="card-list">
              {overview.quarantined.map((record) => (
                <li key={record.id} className="card" aria-labelledby={`bridge-record-${record.id}`}>
                  <h3 id={`bridge-record-${record.id}`}>
                    {t(`bridgeAdmin.source.${record.source}`)} · {record.messageType}
                  </h3>
                  <p>{record.reason ? t(`bridgeAdmin.reason.${record.reason}`) : record.messageType}</p>
                  {record.field ? <p className="muted">{t('bridgeAdmin.field', { field: record.field })}</p> : null}
                  <p className="muted">
                    {t('bridgeAdmin.received', { when: when(record.receivedAt) })} ·{' '}
                    {t('bridgeAdmin.attempts', { count: record.attempts })}
                  </p>
                  <figure>
                    <figcaption className="visually-hidden">{t('bridgeAdmin.rawLabel', { id: record.id })}</figcaption>
                    <pre className="raw-record">{record.raw.replace(/\r\n?/g, '\n')}</pre>
                  </figure>
                  <BridgeRetryButton tenantSlug={tenant.slug} recordId={record.id} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="bridge-upload-heading">
        <h2 id="bridge-upload-heading">{t('bridgeAdmin.uploadHeading')}</h2>
        <p className="muted">{t('bridgeAdmin.uploadIntro', { format: overview.csv.dateFormat })}</p>
        <BridgeCsvUpload tenantSlug={tenant.slug} kinds={[...CSV_KINDS]} />
        <h3>{t('bridgeAdmin.mappingHeading')}</h3>
        <p className="muted">{t('bridgeAdmin.mappingIntro')}</p>
        {CSV_KINDS.map((kind) => (
          <BridgeCsvMappingForm key={kind} tenantSlug={tenant.slug} kind={kind} columns={overview.csv.columns[kind]} />
        ))}
      </section>
    </>
  );
}
