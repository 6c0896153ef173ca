import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { RotatePosterButton } from '@/components/rotate-poster-button';
import { getLobbyPoster } from '@/lib/checkin/lobby-poster-admin';
import { AppError } from '@/lib/errors';
import { loadTenant, staffPageContext } from '@/lib/server/context';

export const metadata: Metadata = { title: 'Check-in poster' };
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
  return (
    <>
      <div className="no-print actions">
        <Link href={`/${tenant.slug}/staff/check-in`}>Back to check-in settings</Link>
        <RotatePosterButton tenantSlug={tenant.slug} locationId={poster.location.id} />
      </div>
      <article className="card poster" aria-labelledby="poster-heading">
        <p>{tenant.displayName}</p>
        <h1 id="poster-heading">Check in here</h1>
        <p>
          <strong>{poster.location.name}</strong>
        </p>
        <div
          className="poster__qr"
          role="img"
          aria-label={`QR code to check in at ${poster.location.name}`}
          dangerouslySetInnerHTML={{ __html: poster.qrSvg }}
        />
        <ol className="poster__steps">
          <li>Open your phone&apos;s camera and point it at the code.</li>
          <li>Tap the link and log in with your medical record number if asked.</li>
          <li>Tap &quot;Check me in&quot;. Then take a seat; we will call you.</li>
        </ol>
        <p lang="es">¿Llegó? Escanee el código para registrar su llegada.</p>
        <p lang="zh">到了吗？扫描二维码签到。</p>
        <p className="muted">No smartphone? Please tell the front desk.</p>
      </article>
      <p className="muted no-print">
        Link: <code data-poster-url={poster.url}>{poster.url}</code>
      </p>
      <p className="muted no-print">
        Valid until{' '}
        {new Date(poster.expires).toLocaleDateString('en-US', { timeZone: tenant.timeZone, dateStyle: 'long' })} or
        until rotated. Print this page (Ctrl+P); the header and buttons are left out.
      </p>
    </>
  );
}
