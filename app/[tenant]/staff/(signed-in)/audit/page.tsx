import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auditFilterSchema } from '@/lib/audit/list-audit';
import { viewAuditLog } from '@/lib/audit/view-audit-log';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Audit log' };

interface AuditPageProps {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function formatWhen(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export default async function AuditPage({ params, searchParams }: AuditPageProps): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { actor, deps } = context;
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  const parsed = auditFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : auditFilterSchema.parse({});
  const rows = await viewAuditLog(deps, {
    tenantId: tenant.id,
    staff: { id: actor.staffId, role: actor.role },
    filter,
  });
  const exportQuery = new URLSearchParams(raw).toString();

  return (
    <>
      <h1>Audit log</h1>
      {!parsed.success ? (
        <p className="form-error" role="alert">
          Some filters were not valid and were ignored.
        </p>
      ) : null}
      <form className="card form form--inline" method="get" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-action">Action starts with</label>
          <input id="audit-action" name="action" defaultValue={raw.action ?? ''} placeholder="staff.login" />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">Actor</label>
          <select id="audit-actor" name="actorType" defaultValue={raw.actorType ?? ''}>
            <option value="">Any</option>
            <option value="patient">Patient</option>
            <option value="staff">Staff</option>
            <option value="system">System</option>
            <option value="anonymous">Anonymous</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">Outcome</label>
          <select id="audit-outcome" name="outcome" defaultValue={raw.outcome ?? ''}>
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
            <option value="denied">Denied</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-patient">Patient id</label>
          <input id="audit-patient" name="patientId" defaultValue={raw.patientId ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={raw.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={raw.to ?? ''} />
        </div>
        <button className="button" type="submit">
          Filter
        </button>
        <a
          className="button button--secondary"
          href={`/api/${tenant.slug}/audit/export${exportQuery ? `?${exportQuery}` : ''}`}
          download
        >
          Export CSV
        </a>
      </form>
      <div className="table-scroll" role="region" aria-label="Audit events" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When ({tenant.timeZone})</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col">Patient</th>
              <th scope="col">Request</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6}>No events match these filters.</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  <td>{formatWhen(row.occurredAt, tenant.timeZone)}</td>
                  <td>{row.action}</td>
                  <td>{row.outcome}</td>
                  <td>
                    {[row.actorType, row.actorRole && row.actorRole !== row.actorType ? row.actorRole : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td>{row.patientId ?? '—'}</td>
                  <td>
                    <code>{row.requestId ?? '—'}</code>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
