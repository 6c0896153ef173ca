'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { checkinApi } from '@/lib/api/checkin';
import type { ApiError } from '@/lib/api/client';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

export interface CheckInButtonProps {
  tenantSlug: string;
  appointmentId: string;
  /** Already checked in today: the card says so instead of offering the button. */
  checkedIn: boolean;
}

type State =
  | { name: 'idle' }
  | { name: 'locating' }
  | { name: 'sending' }
  | { name: 'done'; message: string }
  | { name: 'error'; message: string; retry: boolean };

function formatDistance(meters: number, locale: string): string {
  return meters < 1000
    ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(meters)
    : new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'kilometer',
        maximumFractionDigits: meters < 10_000 ? 1 : 0,
      }).format(meters / 1000);
}

function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(resolve, reject, {
      enableHighAccuracy: true,
      timeout: 15_000,
      maximumAge: 0,
    }),
  );
}

/**
 * "I'm here": asks the browser where the phone is and lets the server decide. Too far says how far;
 * a vague fix or no permission explains and points to the lobby poster.
 */
export function CheckInButton({ tenantSlug, appointmentId, checkedIn }: CheckInButtonProps): React.ReactElement {
  const t = useTranslations('checkin');
  const locale = useLocale();
  const router = useRouter();
  const hydrated = useHydrated();
  const [state, setState] = useState<State>({ name: 'idle' });
  const send = useApiMutation(checkinApi.checkIn, {
    fallbackMessage: t('failed'),
    onSuccess: (result) => {
      setState({
        name: 'done',
        message: t(result.outcome === 'checked_in' ? 'checkedIn' : 'already', { name: result.patientName }),
      });
      router.refresh();
    },
    onError: (error) => setState(refusal(error)),
  });

  /** The server's refusal, worded for the way out it leaves (move closer, try again, the lobby poster). */
  function refusal(error: ApiError): State {
    const { details } = error;
    if (details.reason === 'too_far')
      return {
        name: 'error',
        message: t('tooFar', { distance: formatDistance(Number(details.distanceMeters), locale) }),
        retry: true,
      };
    if (details.reason === 'poor_accuracy' || details.reason === 'invalid_position')
      return { name: 'error', message: t('poorAccuracy'), retry: true };
    return { name: 'error', message: error.message, retry: false };
  }

  async function checkIn(): Promise<void> {
    if (!('geolocation' in navigator)) {
      setState({ name: 'error', message: t('unavailable'), retry: false });
      return;
    }
    setState({ name: 'locating' });
    let position: GeolocationPosition;
    try {
      position = await currentPosition();
    } catch (error) {
      const denied = (error as GeolocationPositionError | null)?.code === 1;
      setState({ name: 'error', message: denied ? t('denied') : t('unavailable'), retry: !denied });
      return;
    }
    setState({ name: 'sending' });
    send.mutate({
      params: { tenant: tenantSlug, id: appointmentId },
      body: {
        latitude: position.coords.latitude,
        longitude: position.coords.longitude,
        accuracy: position.coords.accuracy,
      },
    });
  }

  // Stays mounted across the page refresh after checking in, so the confirmation remains on screen.
  if (state.name === 'done') return <p role="status">{state.message}</p>;
  if (checkedIn) return <p className="muted">{t('checkedInBadge')}</p>;
  const busy = state.name === 'locating' || state.name === 'sending';
  return (
    <div className="check-in">
      <button className="button" type="button" disabled={!hydrated || busy} onClick={() => void checkIn()}>
        {state.name === 'locating'
          ? t('locating')
          : state.name === 'sending'
            ? t('sending')
            : state.name === 'error' && state.retry
              ? t('tryAgain')
              : t('imHere')}
      </button>
      {state.name === 'error' ? (
        <>
          <FormError message={state.message} />
          <p className="muted">{t('useQr')}</p>
        </>
      ) : (
        <p className="muted">{t('todayHint')}</p>
      )}
    </div>
  );
}
