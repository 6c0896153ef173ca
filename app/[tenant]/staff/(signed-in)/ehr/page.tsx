import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { EhrCheckReport } from '@/components/ehr-check-report';
import { RunEhrCheckButton } from '@/components/run-ehr-check-button';
import { renderCheckItem } from '@/lib/i18n/ehr-check-text';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.ehr.title') };
}

/** Administrators: the last onboarding check of the clinic's EHR (npm run tenant:check), and a re-run. */
export default async function EhrConnectionPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { locale, t } = await getTranslator();
  return (
    <>
      <h1>{t('staff.ehr.title')}</h1>
      <p className="muted">{t('staff.ehr.intro', { url: tenant.fhirBaseUrl })}</p>
      <section className="card" aria-labelledby="ehr-check-heading">
        <h2 id="ehr-check-heading">{t('staff.ehr.lastCheck')}</h2>
        {tenant.ehrCheck ? (
          <EhrCheckReport
            report={{
              checkedAt: tenant.ehrCheck.checkedAt,
              bookingAllowed: tenant.ehrCheck.bookingAllowed,
              items: tenant.ehrCheck.items.map((item) => renderCheckItem(item, locale)),
            }}
            locale={locale}
            labels={{
              bookingOn: t('staff.ehr.bookingOn'),
              bookingOff: t('staff.ehr.bookingOff'),
              checked: t('staff.ehr.checked'),
              optional: t('staff.ehr.optional'),
              itemStatus: {
                ok: t('staff.ehr.itemStatus.ok'),
                missing: t('staff.ehr.itemStatus.missing'),
                wrong: t('staff.ehr.itemStatus.wrong'),
                skipped: t('staff.ehr.itemStatus.skipped'),
              },
              itemTitle: (status, title) => t('staff.ehr.itemTitle', { status, title }),
            }}
          />
        ) : (
          <p>{t('staff.ehr.never')}</p>
        )}
        <RunEhrCheckButton tenantSlug={tenant.slug} />
      </section>
    </>
  );
}
