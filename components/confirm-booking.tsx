'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { useHydrated } from './use-hydrated';

interface Alternative {
  id: string;
  version: string;
  dayLabel: string;
  timeLabel: string;
}

export interface ConfirmBookingProps {
  tenantSlug: string;
  forPatient: string;
  forIndex: string;
  slotId: string;
  slotVersion: string;
  /** Set when moving an existing appointment instead of booking a new one. */
  rescheduleId?: string;
}

/** Confirms the booking (or the move). The idempotency key is made once, so a double tap books once. */
export function ConfirmBooking({
  tenantSlug,
  forPatient,
  forIndex,
  slotId,
  slotVersion,
  rescheduleId,
}: ConfirmBookingProps): React.ReactElement {
  const t = useTranslations('booking');
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID().replace(/-/g, ''));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [alternatives, setAlternatives] = useState<Alternative[]>([]);
  // Until React has taken over the form, a tap must not submit it as a plain GET.
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const reason = new FormData(event.currentTarget).get('reason');
    setPending(true);
    setError(null);
    try {
      const response = rescheduleId
        ? await fetch(`/api/${tenantSlug}/appointments/${rescheduleId}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ slotId, slotVersion }),
          })
        : await fetch(`/api/${tenantSlug}/appointments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
            body: JSON.stringify({
              forPatient,
              slotId,
              slotVersion,
              reason: typeof reason === 'string' && reason.trim() ? reason : undefined,
            }),
          });
      const body = (await response.json().catch(() => null)) as {
        appointment?: { id: string };
        error?: { message: string };
        alternatives?: Alternative[];
      } | null;
      if (response.ok && body?.appointment) {
        router.push(`/${tenantSlug}/appointments/${body.appointment.id}?confirmed=1`);
        return;
      }
      if (response.status === 409 && body?.alternatives) {
        setAlternatives(body.alternatives);
        setError(t('taken'));
      } else {
        setError(body?.error?.message ?? t('error'));
      }
    } catch {
      setError(t('error'));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      {rescheduleId ? null : (
        <div className="field">
          <label htmlFor="booking-reason">{t('reason')}</label>
          <textarea id="booking-reason" name="reason" maxLength={500} rows={3} />
        </div>
      )}
      {error ? (
        <div className="form-error" role="alert">
          <p>{error}</p>
          {alternatives.length > 0 ? (
            <ul className="slot-list">
              {alternatives.map((slot) => (
                <li key={slot.id}>
                  <Link
                    className="slot"
                    href={`/${tenantSlug}/book/review?${new URLSearchParams({ for: forIndex, slot: slot.id, v: slot.version, ...(rescheduleId ? { reschedule: rescheduleId } : {}) }).toString()}`}
                  >
                    <strong>
                      {slot.dayLabel}, {slot.timeLabel}
                    </strong>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <button className="button" type="submit" disabled={pending || !hydrated}>
        {rescheduleId ? t('confirmMove') : t('confirm')}
      </button>
    </form>
  );
}
