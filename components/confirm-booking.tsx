'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { bookingApi, slotAlternatives } from '@/lib/api/booking';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';
import { useSlotHold } from './use-slot-hold';

/** m:ss */
function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export interface ConfirmBookingProps {
  tenantSlug: string;
  forPatient: string;
  forIndex: string;
  slotId: string;
  slotVersion: string;
  /** Set when moving an existing appointment instead of booking a new one. */
  rescheduleId?: string;
  /** The clinic's reasons for this visit type, in the patient's language; the free text stays for anything else. */
  reasons?: string[];
  /** The list of free times this one was chosen from (offered once a hold ran out). */
  otherTimesHref: string;
}

/** Confirms the booking (or the move). The idempotency key is made once, so a double tap books once. */
export function ConfirmBooking({
  tenantSlug,
  forPatient,
  forIndex,
  slotId,
  slotVersion,
  rescheduleId,
  reasons = [],
  otherTimesHref,
}: ConfirmBookingProps): React.ReactElement {
  const t = useTranslations('booking');
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID().replace(/-/g, ''));
  // Until React has taken over the form, a tap must not submit it as a plain GET.
  const hydrated = useHydrated();
  // Held while the patient reviews it, where the clinic's EHR offers holds; released on leaving.
  const held = useSlotHold({ tenantSlug, forPatient, slotId });
  const confirmed =
    (outcome: 'confirmed' | 'moved') =>
    ({ appointment }: { appointment: { id: string } }): void => {
      held.keep();
      router.push(`/${tenantSlug}/appointments/${appointment.id}?${outcome}=1`);
    };
  const book = useApiMutation(bookingApi.book, { fallbackMessage: t('error'), onSuccess: confirmed('confirmed') });
  const move = useApiMutation(bookingApi.reschedule, { fallbackMessage: t('error'), onSuccess: confirmed('moved') });
  const pending = book.isPending || move.isPending;
  const failure = (rescheduleId ? move : book).error;
  // A taken slot (409): the nearest free times instead.
  const taken =
    failure?.status === 409
      ? slotAlternatives(failure.body)
      : !failure && held.takenError
        ? slotAlternatives(held.takenError.body)
        : undefined;
  const alternatives = taken ?? [];
  const error =
    alternatives.length > 0
      ? t('taken')
      : ((rescheduleId ? move : book).errorMessage ?? (held.takenError ? held.takenError.message : null));
  // Confirming again after going back: the visit is already booked, so link to it.
  const alreadyBooked =
    failure?.reason === 'booking.alreadyBooked' && typeof failure.details.appointmentId === 'string'
      ? failure.details.appointmentId
      : null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const choice = form.get('reasonChoice');
    const text = form.get('reason');
    const reason = [choice, text]
      .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
      .map((part) => part.trim())
      .join(': ');
    if (rescheduleId) {
      move.mutate({ params: { tenant: tenantSlug, id: rescheduleId }, body: { slotId, slotVersion } });
      return;
    }
    book.mutate({
      params: { tenant: tenantSlug },
      headers: { 'idempotency-key': idempotencyKey },
      body: {
        forPatient,
        slotId,
        slotVersion,
        reason: reason || undefined,
        ...(held.hold ? { holdId: held.hold.id } : {}),
      },
    });
  }

  return (
    <form className="form" onSubmit={submit}>
      {held.hold ? (
        <div className="hold-notice">
          <p role="timer">
            <strong>{t('heldFor', { time: clock(held.secondsLeft) })}</strong>
          </p>
          <p>{t('heldHint')}</p>
        </div>
      ) : held.ended ? (
        <div className="hold-notice">
          <p role="status">{t('holdEnded')}</p>
          <p className="actions">
            <button className="button button--secondary" type="button" onClick={held.holdAgain}>
              {t('holdAgain')}
            </button>
            <Link href={otherTimesHref}>{t('otherTimes')}</Link>
          </p>
        </div>
      ) : null}
      {rescheduleId || reasons.length === 0 ? null : (
        <fieldset className="reason-choices">
          <legend>{t('reasonChoice')}</legend>
          {reasons.map((reason) => (
            <label key={reason}>
              <input type="radio" name="reasonChoice" value={reason} /> {reason}
            </label>
          ))}
          <label>
            <input type="radio" name="reasonChoice" value="" defaultChecked /> {t('reasonOther')}
          </label>
        </fieldset>
      )}
      {rescheduleId ? null : (
        <div className="field">
          <label htmlFor="booking-reason">{t('reason')}</label>
          <textarea id="booking-reason" name="reason" maxLength={500} rows={3} />
        </div>
      )}
      {error ? (
        <div className="form-error" role="alert">
          <p>{error}</p>
          {alreadyBooked ? (
            <p>
              <Link href={`/${tenantSlug}/appointments/${encodeURIComponent(alreadyBooked)}`}>{t('seeBooked')}</Link>
            </p>
          ) : null}
          {alternatives.length > 0 ? (
            <ul className="slot-list">
              {alternatives.map((slot) => (
                <li key={slot.id}>
                  <Link
                    className="slot"
                    href={`/${tenantSlug}/book/review?${new URLSearchParams({
                      for: forIndex,
                      slot: slot.id,
                      v: slot.version,
                      ...(rescheduleId ? { reschedule: rescheduleId } : {}),
                    }).toString()}`}
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
