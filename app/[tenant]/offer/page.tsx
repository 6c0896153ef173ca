import type { Metadata } from 'next';
import { WaitlistOffer } from '@/components/waitlist-offer';
import { getTranslator } from '@/lib/server/locale';
import { loadTenant } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('waitlist.offerTitle') };
}

/** Opened from an earlier-slot offer's text or email: the link's token is the credential (no sign-in). */
export default async function OfferPage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t('waitlist.offerTitle')}</h1>
      <WaitlistOffer tenantSlug={tenant.slug} />
    </>
  );
}
