'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
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
  const router = useRouter();
  const hydrated = useHydrated();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const rotate = useApiMutation(checkinApi.rotatePoster, {
    fallbackMessage: 'Rotating failed. Please try again.',
    onSuccess: () => {
      setConfirming(false);
      setDone(true);
      router.refresh();
    },
    onError: () => setConfirming(false),
  });

  return (
    <>
      {done ? <p role="status">Old posters no longer work. Print this new one.</p> : null}
      <FormError message={rotate.errorMessage} />
      {confirming ? (
        <>
          <button
            className="button"
            type="button"
            disabled={rotate.isPending}
            onClick={() => rotate.mutate({ params: { tenant: tenantSlug, locationId } })}
          >
            Yes, void the old posters
          </button>
          <button className="button button--secondary" type="button" onClick={() => setConfirming(false)}>
            Keep them
          </button>
        </>
      ) : (
        <button
          className="button button--secondary"
          type="button"
          disabled={!hydrated}
          onClick={() => setConfirming(true)}
        >
          Rotate (void printed posters)
        </button>
      )}
    </>
  );
}
