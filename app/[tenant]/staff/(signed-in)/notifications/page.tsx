import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { reviewProblemNotifications } from '@/lib/notify/review-problem-notifications';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.notifications.title') };
}

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
  const { locale, t } = await getTranslator();
  const when = new Intl.DateTimeFormat(locale, { timeZone: tenant.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <h1>{t('staff.notifications.title')}</h1>
      <p className="muted">{t('staff.notifications.intro')}</p>
      <div className="table-scroll" role="region" aria-label={t('staff.notifications.title')} tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('staff.notifications.when')}</th>
              <th scope="col">{t('staff.notifications.message')}</th>
              <th scope="col">{t('staff.notifications.to')}</th>
              <th scope="col">{t('staff.notifications.status')}</th>
              <th scope="col">{t('staff.notifications.attempts')}</th>
              <th scope="col">{t('staff.notifications.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6}>{t('staff.notifications.none')}</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  <td>{when.format(new Date(row.createdAt))}</td>
                  <td>
                    {row.template ? t(`staff.notifications.template.${row.template}`) : row.templateName} (
                    {t(`staff.notifications.channel.${row.channel}`)})
                  </td>
                  <td className="nowrap">{row.recipient}</td>
                  <td>{t(`staff.notifications.problem.${row.status}`)}</td>
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
