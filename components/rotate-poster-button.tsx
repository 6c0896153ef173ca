'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { checkinApi } from '@/lib/api/checkin';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

/** Voids every printed poster of the location (after a confirmation); the page then shows the new one. */
export function RotatePosterButton({
  tenantSlug,
  locationId,
}: {
  tenantSlug: string;
  locationId: string;
}): React.ReactElement {
  const t = useTranslations('staff.poster');
  const router = useRouter();
  const hydrated = useHydrated();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const rotate = useApiMutation(checkinApi.rotatePoster, {
    fallbackMessage: t('rotateFailed'),
    onSuccess: () => {
      setConfirming(false);
      setDone(true);
      router.refresh();
    },
    onError: () => setConfirming(false),
  });

  return (
    <>
      {done ? <p role="status">{t('rotated')}</p> : null}
      <FormError message={rotate.errorMessage} />
      {confirming ? (
        <>
          <button
            className="button"
            type="button"
            disabled={rotate.isPending}
            onClick={() => rotate.mutate({ params: { tenant: tenantSlug, locationId } })}
          >
            {t('rotateConfirm')}
          </button>
          <button className="button button--secondary" type="button" onClick={() => setConfirming(false)}>
            {t('rotateKeep')}
          </button>
        </>
      ) : (
        <button
          className="button button--secondary"
          type="button"
          disabled={!hydrated}
          onClick={() => setConfirming(true)}
        >
          {t('rotate')}
        </button>
      )}
    </>
  );
}
