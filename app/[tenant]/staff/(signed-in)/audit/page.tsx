import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { auditFilterSchema } from '@/lib/audit/list-audit';
import { viewAuditLog, type AuditPatient } from '@/lib/audit/view-audit-log';
import { getTranslator, type Translator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('auditLog.title') };
}

export const dynamic = 'force-dynamic';

/** Events on one page of the audit log (`?limit=` may ask for up to MAX_PAGE_SIZE). */
const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

interface AuditPageProps {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const ACTOR_TYPES = ['patient', 'staff', 'system', 'anonymous'] as const;
const OUTCOMES = ['success', 'failure', 'denied'] as const;

function PatientCell({ patient, t }: { patient: AuditPatient | null; t: Translator }): React.ReactNode {
  if (!patient) return '—';
  if (patient.status === 'found')
    return (
      <>
        {patient.name}
        {patient.mrn ? <span className="muted"> · {t('board.mrn', { mrn: patient.mrn })}</span> : null}
      </>
    );
  return (
    <>
      <code>{patient.id}</code>{' '}
      <span className="muted">
        ({patient.status === 'not_in_ehr' ? t('auditLog.patientNotInEhr') : t('auditLog.patientUnavailable')})
      </span>
    </>
  );
}

export default async function AuditPage({ params, searchParams }: AuditPageProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { actor, deps } = context;
  const { locale, t } = await getTranslator();
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  const parsed = auditFilterSchema.safeParse({ limit: PAGE_SIZE, ...raw });
  const chosen = parsed.success ? parsed.data : auditFilterSchema.parse({ limit: PAGE_SIZE });
  const filter = { ...chosen, limit: Math.min(chosen.limit, MAX_PAGE_SIZE) };
  const page = await viewAuditLog(deps, {
    tenantId: tenant.id,
    staff: { id: actor.staffId, role: actor.role },
    filter,
    origin: actor.origin,
  });
  const { before: _before, after: _after, ...filters } = raw;
  const exportQuery = new URLSearchParams(filters).toString();
  const pageHref = (cursor: { before?: string; after?: string }): string =>
    `/${tenant.slug}/staff/audit?${new URLSearchParams({ ...filters, ...cursor }).toString()}`;
  const when = new Intl.DateTimeFormat(locale, { timeZone: tenant.timeZone, dateStyle: 'medium', timeStyle: 'medium' });

  return (
    <>
      <h1>{t('auditLog.title')}</h1>
      {!parsed.success ? (
        <p className="form-error" role="alert">
          {t('auditLog.invalidFilters')}
        </p>
      ) : null}
      <form className="card form form--inline" method="get" aria-label={t('auditLog.filterLabel')}>
        <div className="field">
          <label htmlFor="audit-action">{t('auditLog.action')}</label>
          <input id="audit-action" name="action" defaultValue={raw.action ?? ''} placeholder="staff.login" />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t('auditLog.actor')}</label>
          <select id="audit-actor" name="actorType" defaultValue={raw.actorType ?? ''}>
            <option value="">{t('auditLog.any')}</option>
            {ACTOR_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`auditLog.actorType.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">{t('auditLog.outcome')}</label>
          <select id="audit-outcome" name="outcome" defaultValue={raw.outcome ?? ''}>
            <option value="">{t('auditLog.any')}</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`auditLog.outcomes.${outcome}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-patient">{t('auditLog.patient')}</label>
          <input id="audit-patient" name="patientId" defaultValue={raw.patientId ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('auditLog.from')}</label>
          <input id="audit-from" name="from" type="date" defaultValue={raw.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('auditLog.to')}</label>
          <input id="audit-to" name="to" type="date" defaultValue={raw.to ?? ''} />
        </div>
        <button className="button" type="submit">
          {t('auditLog.filter')}
        </button>
        <a
          className="button button--secondary"
          href={`/api/${tenant.slug}/audit/export${exportQuery ? `?${exportQuery}` : ''}`}
          download
        >
          {t('auditLog.export')}
        </a>
      </form>
      <div className="table-scroll" role="region" aria-label={t('auditLog.region')} tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('auditLog.columns.when', { timeZone: tenant.timeZone })}</th>
              <th scope="col">{t('auditLog.columns.action')}</th>
              <th scope="col">{t('auditLog.columns.outcome')}</th>
              <th scope="col">{t('auditLog.columns.actor')}</th>
              <th scope="col">{t('auditLog.columns.patient')}</th>
              <th scope="col">{t('auditLog.columns.request')}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={6}>{t('auditLog.none')}</td>
              </tr>
            ) : (
              page.rows.map((row) => (
                <tr key={row.id} data-audit-id={row.id}>
                  <td>{when.format(new Date(row.occurredAt))}</td>
                  <td>{row.action}</td>
                  <td>{row.outcome}</td>
                  <td>
                    {[row.actorType, row.actorRole && row.actorRole !== row.actorType ? row.actorRole : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td>
                    <PatientCell patient={row.patient} t={t} />
                  </td>
                  <td>
                    <code>{row.requestId ?? '—'}</code>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {page.newer || page.older ? (
        <nav className="actions" aria-label={t('auditLog.pages')}>
          {page.newer ? (
            <>
              <Link href={pageHref({})}>{t('auditLog.newest')}</Link>
              <Link href={pageHref({ after: page.newer })}>{t('auditLog.newer')}</Link>
            </>
          ) : null}
          {page.older ? <Link href={pageHref({ before: page.older })}>{t('auditLog.older')}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
