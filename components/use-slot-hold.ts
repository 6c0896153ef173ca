'use client';

import { useEffect, useRef, useState } from 'react';
import { ApiError, callApi } from '@/lib/api/client';
import { bookingApi, type HoldBody, type SlotTakenBody } from '@/lib/api/booking';

type Hold = NonNullable<HoldBody['hold']>;

export interface SlotHoldState {
  /** The hold while it lasts; null before it is made, without holds at this clinic, or once it ended. */
  hold: Hold | null;
  /** Seconds left of the hold. */
  secondsLeft: number;
  /** The hold ran out before the patient confirmed. */
  ended: boolean;
  /** The time was taken before it could be held (409, with the nearest free times). */
  takenError: ApiError<SlotTakenBody> | null;
  /** Call when the booking went through: the hold became the appointment and is not released. */
  keep: () => void;
  /** After the hold ran out: hold the same time again (a 409 then says it was taken meanwhile). */
  holdAgain: () => void;
}

/**
 * Holds the slot while the patient reviews it (where the clinic's EHR offers holds), counts down, and
 * releases it when the review is left (going back, another page, closing the tab). Without holds the
 * review works as before: nothing is shown. Once it ran out (the EHR released it), `holdAgain` asks anew.
 */
export function useSlotHold(input: { tenantSlug: string; forPatient: string; slotId: string }): SlotHoldState {
  const { tenantSlug, forPatient, slotId } = input;
  const [hold, setHold] = useState<Hold | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [ended, setEnded] = useState(false);
  const [takenError, setTakenError] = useState<ApiError<SlotTakenBody> | null>(null);
  // Each request for a hold of this slot (the first, and every "hold it again").
  const [attempt, setAttempt] = useState(0);
  const kept = useRef(false);

  useEffect(() => {
    let active = true;
    let heldId: string | null = null;
    const release = (): void => {
      if (!heldId || kept.current) return;
      const id = heldId;
      heldId = null;
      void callApi(bookingApi.releaseHold, {
        params: { tenant: tenantSlug, id },
        body: { forPatient },
        keepalive: true,
        fallbackMessage: '',
      }).catch(() => undefined);
    };
    callApi(bookingApi.hold, { params: { tenant: tenantSlug }, body: { forPatient, slotId }, fallbackMessage: '' })
      .then(({ hold: made }) => {
        if (!made) return;
        heldId = made.id;
        if (!active) release();
        else setHold(made);
      })
      .catch((error: unknown) => {
        // A slot taken already: the page offers the nearest free times. Anything else: review without a hold.
        if (active && error instanceof ApiError && error.status === 409)
          setTakenError(error as ApiError<SlotTakenBody>);
      });
    window.addEventListener('pagehide', release);
    return () => {
      active = false;
      window.removeEventListener('pagehide', release);
      release();
    };
  }, [tenantSlug, forPatient, slotId, attempt]);

  const expiresAt = hold ? Date.parse(hold.expiresAt) : 0;
  useEffect(() => {
    if (!hold) return;
    const timer = window.setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= expiresAt) {
        setHold(null);
        setEnded(true);
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [hold, expiresAt]);

  return {
    hold,
    secondsLeft: hold ? Math.max(0, Math.ceil((expiresAt - now) / 1000)) : 0,
    ended,
    takenError,
    keep: () => {
      kept.current = true;
    },
    holdAgain: () => {
      setEnded(false);
      setTakenError(null);
      setAttempt((count) => count + 1);
    },
  };
}
