'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormError } from './form-error';
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
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function rotate(): Promise<void> {
    setPending(true);
    setError(null);
    const response = await fetch(`/api/${tenantSlug}/checkin/posters/${encodeURIComponent(locationId)}/rotate`, {
      method: 'POST',
    }).catch(() => null);
    setPending(false);
    setConfirming(false);
    if (response?.ok) {
      setDone(true);
      router.refresh();
      return;
    }
    const body = (await response?.json().catch(() => null)) as { error?: { message: string } } | null;
    setError(body?.error?.message ?? 'Rotating failed. Please try again.');
  }

  return (
    <>
      {done ? <p role="status">Old posters no longer work. Print this new one.</p> : null}
      <FormError message={error} />
      {confirming ? (
        <>
          <button className="button" type="button" disabled={pending} onClick={() => void rotate()}>
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
