'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { FormError } from './form-error';
import { useHydrated } from './use-hydrated';

export interface LobbyCheckInProps {
  tenantSlug: string;
  locationId: string;
  /** The poster's signed link parameters, sent in the request body. */
  poster: { k: string; e: string; s: string };
}

interface Result {
  appointmentId: string;
  outcome: 'checked_in' | 'already_checked_in';
  patientName: string;
}

/** One tap checks in everyone of the patient's (and their dependents') appointments here, now. No location needed. */
export function LobbyCheckIn({ tenantSlug, locationId, poster }: LobbyCheckInProps): React.ReactElement {
  const t = useTranslations('checkin');
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ locationName: string; results: Result[] } | null>(null);

  async function checkIn(): Promise<void> {
    setPending(true);
    setError(null);
    const response = await fetch(`/api/${tenantSlug}/checkin/lobby`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locationId, ...poster }),
    }).catch(() => null);
    setPending(false);
    const body = (await response?.json().catch(() => null)) as
      ({ locationName: string; results: Result[] } & { error?: { message: string } }) | null;
    if (response?.ok && body?.results) {
      setDone(body);
      return;
    }
    setError(body?.error?.message ?? t('failed'));
  }

  if (done) {
    return (
      <div role="status">
        <p>
          <strong>{t('lobbyDone', { location: done.locationName })}</strong>
        </p>
        <ul>
          {done.results.map((result) => (
            <li key={result.appointmentId}>
              {t(result.outcome === 'checked_in' ? 'checkedIn' : 'already', { name: result.patientName })}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <>
      <FormError message={error} />
      <button className="button" type="button" disabled={!hydrated || pending} onClick={() => void checkIn()}>
        {pending ? t('sending') : t('lobbyButton')}
      </button>
    </>
  );
}
