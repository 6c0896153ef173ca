import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { reviewProblemNotifications } from '@/lib/notify/review-problem-notifications';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Undelivered messages' };

/** Administrators: messages that failed for good (dead after retries, refused, opted out, unconfirmed). */
export default async function ProblemNotificationsPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { actor, deps } = context;
  const rows = await reviewProblemNotifications(deps, {
    tenantId: tenant.id,
    staff: { id: actor.staffId, role: actor.role },
  });
  const when = new Intl.DateTimeFormat('en-US', { timeZone: tenant.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <h1>Undelivered messages</h1>
      <p className="muted">
        Messages that could not be delivered after their retries, were refused, went to numbers that opted out, or whose
        hand-off could not be confirmed.
      </p>
      <div className="table-scroll" role="region" aria-label="Undelivered messages" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Message</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6}>Every message got through.</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  <td>{when.format(new Date(row.createdAt))}</td>
                  <td>
                    {row.template} ({row.channel})
                  </td>
                  <td>{row.recipient}</td>
                  <td>{row.status}</td>
                  <td>{row.attempts}</td>
                  <td>{row.lastError ?? '—'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
