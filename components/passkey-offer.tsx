'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import { toApiError } from '@/lib/api/client';
import { FormError } from './form-error';
import { createPasskey, shouldOfferPasskey, SupersededCeremony } from './passkey-ceremony';

export interface PasskeyOfferProps {
  tenantSlug: string;
  /** After the passkey is saved ("Continue") or the offer declined ("Not now"). */
  onFinished: () => void;
  /** Drawn as a card of its own (false inside a card already, as on the sign-in page). */
  card?: boolean;
}

/** "Sign in with your face or fingerprint next time": offered once signed in, on a device that can. */
export function PasskeyOffer({ tenantSlug, onFinished, card = true }: PasskeyOfferProps): React.ReactElement {
  const t = useTranslations('passkeys');
  const [state, setState] = useState<'offer' | 'pending' | 'saved'>('offer');
  const [error, setError] = useState<string | null>(null);

  function create(): void {
    setState('pending');
    setError(null);
    createPasskey(tenantSlug, undefined, { failed: t('failed'), cancelled: t('cancelled') }).then(
      () => setState('saved'),
      (failure: unknown) => {
        setState('offer');
        if (!(failure instanceof SupersededCeremony)) setError(toApiError(failure, t('failed')).message);
      },
    );
  }

  return (
    <section className={card ? 'card' : undefined} aria-labelledby="passkey-offer-heading">
      <h2 id="passkey-offer-heading">{t('offerTitle')}</h2>
      {state === 'saved' ? (
        <>
          <p role="status">{t('offerDone')}</p>
          <div className="actions">
            <button className="button" type="button" onClick={onFinished}>
              {t('continue')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{t('offerBody')}</p>
          <FormError message={error} />
          <div className="actions">
            <button className="button" type="button" disabled={state === 'pending'} onClick={create}>
              {state === 'pending' ? t('working') : t('offerCreate')}
            </button>
            <button
              className="button button--secondary"
              type="button"
              disabled={state === 'pending'}
              onClick={onFinished}
            >
              {t('offerSkip')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The offer where it is useful (a device that can keep a passkey, an account without one), until answered. */
export function PasskeyOfferWhereUseful({ tenantSlug }: { tenantSlug: string }): React.ReactElement | null {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    let active = true;
    void shouldOfferPasskey(tenantSlug).then((useful) => {
      if (active) setShown(useful);
    });
    return () => {
      active = false;
    };
  }, [tenantSlug]);
  return shown ? <PasskeyOffer tenantSlug={tenantSlug} onFinished={() => setShown(false)} /> : null;
}
