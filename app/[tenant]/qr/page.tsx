import type { Metadata } from 'next';
import { QrLoginForm } from '@/components/qr-login-form';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('qrLogin.title'), referrer: 'no-referrer' };
}

/**
 * The QR code's link lands here: `/{clinic}/qr#token`. The token is read in the browser from the
 * fragment and sent only in the sign-in POST body.
 */
export default async function QrLoginPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t('qrLogin.title')}</h1>
      <div className="card">
        <QrLoginForm tenantSlug={tenant.slug} />
      </div>
    </>
  );
}
