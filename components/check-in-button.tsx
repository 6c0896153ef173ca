'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { FormError } from './form-error';
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

interface ApiError {
  error?: { message: string; details?: Record<string, string> };
}

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
    const response = await fetch(`/api/${tenantSlug}/appointments/${encodeURIComponent(appointmentId)}/check-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        latitude: position.coords.latitude,
        longitude: position.coords.longitude,
        accuracy: position.coords.accuracy,
      }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as
      ({ outcome?: 'checked_in' | 'already_checked_in'; patientName?: string } & ApiError) | null;
    if (response?.ok && body?.outcome) {
      setState({
        name: 'done',
        message: t(body.outcome === 'checked_in' ? 'checkedIn' : 'already', { name: body.patientName ?? '' }),
      });
      router.refresh();
      return;
    }
    const details = body?.error?.details ?? {};
    if (details.reason === 'too_far') {
      setState({
        name: 'error',
        message: t('tooFar', { distance: formatDistance(Number(details.distanceMeters), locale) }),
        retry: true,
      });
    } else if (details.reason === 'poor_accuracy' || details.reason === 'invalid_position') {
      setState({ name: 'error', message: t('poorAccuracy'), retry: true });
    } else {
      setState({ name: 'error', message: body?.error?.message ?? t('failed'), retry: false });
    }
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
