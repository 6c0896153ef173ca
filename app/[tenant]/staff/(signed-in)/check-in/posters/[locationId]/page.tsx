import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { RotatePosterButton } from '@/components/rotate-poster-button';
import { getLobbyPoster } from '@/lib/checkin/lobby-poster-admin';
import { AppError } from '@/lib/errors';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('staff.poster.title') };
}
export const dynamic = 'force-dynamic';

/** A print-ready lobby poster: the location's signed check-in link as a QR code, with instructions. */
export default async function PosterPage({
  params,
}: {
  params: Promise<{ tenant: string; locationId: string }>;
}): Promise<React.ReactElement> {
  const { tenant: slug, locationId } = await params;
  const tenant = await loadTenant(slug);
  const context = await staffPageContext(tenant.slug, ['admin']);
  if (!context) redirect(`/${tenant.slug}/staff`);
  const { actor, deps } = context;
  const poster = await getLobbyPoster(deps, actor, decodeURIComponent(locationId)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const { locale, t } = await getTranslator();
  return (
    <>
      <div className="no-print actions">
        <Link href={`/${tenant.slug}/staff/check-in`}>{t('staff.poster.back')}</Link>
        <RotatePosterButton tenantSlug={tenant.slug} locationId={poster.location.id} />
      </div>
      <article className="card poster" aria-labelledby="poster-heading">
        <p>{tenant.displayName}</p>
        <h1 id="poster-heading">{t('staff.poster.heading')}</h1>
        <p>
          <strong>{poster.location.name}</strong>
        </p>
        <div
          className="poster__qr"
          role="img"
          aria-label={t('staff.poster.qrLabel', { location: poster.location.name })}
          dangerouslySetInnerHTML={{ __html: poster.qrSvg }}
        />
        <ol className="poster__steps">
          <li>{t('staff.poster.step1')}</li>
          <li>{t('staff.poster.step2')}</li>
          <li>{t('staff.poster.step3')}</li>
        </ol>
        <p lang="es">¿Llegó? Escanee el código para registrar su llegada.</p>
        <p lang="zh-Hans">到了吗？扫描二维码签到。</p>
        <p className="muted">{t('staff.poster.noPhone')}</p>
      </article>
      <p className="muted no-print">
        {t('staff.poster.link')} <code data-poster-url={poster.url}>{poster.url}</code>
      </p>
      <p className="muted no-print">
        {t('staff.poster.validUntil', {
          date: new Date(poster.expires).toLocaleDateString(locale, { timeZone: tenant.timeZone, dateStyle: 'long' }),
        })}
      </p>
    </>
  );
}
