import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';
import { getWaitlistFigures } from '@/lib/waitlist/get-waitlist-figures';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('waitlistAdmin.title') };
}
export const dynamic = 'force-dynamic';

/** The period the figures cover. */
const PERIOD_DAYS = 30;

/** Administrators: the clinic's earlier-slot offers (sent, accepted, days sooner, slots filled). */
export default async function WaitlistFiguresPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { locale, t } = await getTranslator();
  const since = new Date();
  since.setUTCDate(since.getUTCDate() - PERIOD_DAYS);
  const figures = await getWaitlistFigures(context.deps.database, { tenantId: tenant.id, since });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <>
      <h1>{t('waitlistAdmin.title')}</h1>
      <p className="muted">{t('waitlistAdmin.intro')}</p>
      {tenant.waitlistSettings.enabled ? null : (
        <p className="card" role="status">
          {t('waitlistAdmin.off')}
        </p>
      )}
      <section className="card" aria-labelledby="waitlist-figures-heading">
        <h2 id="waitlist-figures-heading">{t('waitlistAdmin.period', { days: PERIOD_DAYS })}</h2>
        <dl>
          <dt>{t('waitlistAdmin.waiting')}</dt>
          <dd>{number.format(figures.waiting)}</dd>
          <dt>{t('waitlistAdmin.offersSent')}</dt>
          <dd>{number.format(figures.offersSent)}</dd>
          <dt>{t('waitlistAdmin.offersAccepted')}</dt>
          <dd>
            {number.format(figures.offersAccepted)}
            {figures.offersSent > 0 ? ` (${percent.format(figures.offersAccepted / figures.offersSent)})` : ''}
          </dd>
          <dt>{t('waitlistAdmin.daysSooner')}</dt>
          <dd>
            {figures.daysSoonerMedian === null ? t('waitlistAdmin.none') : number.format(figures.daysSoonerMedian)}
          </dd>
          <dt>{t('waitlistAdmin.slotsFreed')}</dt>
          <dd>{number.format(figures.slotsOffered)}</dd>
          <dt>{t('waitlistAdmin.slotsFilled')}</dt>
          <dd>{number.format(figures.slotsFilled)}</dd>
        </dl>
      </section>
    </>
  );
}
