'use client';

import { useTranslations } from 'use-intl';
import { checkinApi } from '@/lib/api/checkin';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

export interface LobbyCheckInProps {
  tenantSlug: string;
  locationId: string;
  /** The poster's signed link parameters, sent in the request body. */
  poster: { k: string; e: string; s: string };
}

/** One tap checks in everyone of the patient's (and their dependents') appointments here, now. No location needed. */
export function LobbyCheckIn({ tenantSlug, locationId, poster }: LobbyCheckInProps): React.ReactElement {
  const t = useTranslations('checkin');
  const hydrated = useHydrated();
  const checkIn = useApiMutation(checkinApi.lobby, { fallbackMessage: t('failed') });
  const done = checkIn.data;

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
      <FormError message={checkIn.errorMessage} />
      <button
        className="button"
        type="button"
        disabled={!hydrated || checkIn.isPending}
        onClick={() => checkIn.mutate({ params: { tenant: tenantSlug }, body: { locationId, ...poster } })}
      >
        {checkIn.isPending ? t('sending') : t('lobbyButton')}
      </button>
    </>
  );
}
