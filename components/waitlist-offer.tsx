'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSyncExternalStore } from 'react';
import { useTranslations } from 'use-intl';
import { callApi } from '@/lib/api/client';
import { waitlistApi, type OfferViewBody } from '@/lib/api/waitlist';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';

export interface WaitlistOfferProps {
  tenantSlug: string;
}

const STATUS_TEXT: Record<Exclude<OfferViewBody['status'], 'open'>, 'offerAccepted' | 'offerGone' | 'offerExpired'> = {
  accepted: 'offerAccepted',
  gone: 'offerGone',
  expired: 'offerExpired',
};

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * The page an offer's message links to. The link's token is in the fragment (`#...`), so it never
 * reaches a server log or a Referer; it is read here and sent in a request body. Shows the time, one
 * tap takes it; a taken, expired or used offer says so.
 */
export function WaitlistOffer({ tenantSlug }: WaitlistOfferProps): React.ReactElement {
  const t = useTranslations('waitlist');
  const token = useSyncExternalStore(
    subscribeToHash,
    () => window.location.hash.replace(/^#/, ''),
    () => null,
  );
  const view = useQuery({
    queryKey: ['waitlist-offer', tenantSlug, token],
    enabled: Boolean(token && token.length >= 8),
    retry: false,
    queryFn: ({ signal }) =>
      callApi(waitlistApi.viewOffer, {
        params: { tenant: tenantSlug },
        body: { token: token ?? '', action: 'view' },
        signal,
        fallbackMessage: t('error'),
      }),
  });
  const take = useApiMutation(waitlistApi.acceptOffer, { fallbackMessage: t('error') });

  if (token === null) return <p role="status">{t('offerLoading')}</p>;
  if (token.length < 8)
    return (
      <p className="form-error" role="alert">
        {t('noToken')}
      </p>
    );
  if (view.isPending) return <p role="status">{t('offerLoading')}</p>;
  if (view.isError)
    return (
      <p className="form-error" role="alert">
        {view.error.message}
      </p>
    );
  const offer = view.data;
  if (take.data) {
    return (
      <div className="card" role="status">
        <p>
          <strong>{t('taken', { when: offer.when })}</strong>
        </p>
        <Link href={`/${tenantSlug}/me`}>{t('myVisits')}</Link>
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby="offer-when">
      <h2 id="offer-when">{offer.when}</h2>
      {offer.status === 'open' ? (
        <>
          <p>{offer.moving ? t('offerMoving') : t('offerNew')}</p>
          <p className="muted">{t('offerFirst')}</p>
          <FormError message={take.errorMessage} />
          {take.error ? null : (
            <button
              className="button"
              type="button"
              disabled={take.isPending}
              onClick={() => take.mutate({ params: { tenant: tenantSlug }, body: { token, action: 'accept' } })}
            >
              {take.isPending ? t('taking') : t('take')}
            </button>
          )}
        </>
      ) : (
        <p role="status">{t(STATUS_TEXT[offer.status])}</p>
      )}
    </section>
  );
}
