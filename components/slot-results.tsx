'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'use-intl';
import { bookingApi, type SlotsQuery, type SlotViewBody as SlotView } from '@/lib/api/booking';
import { callApi } from '@/lib/api/client';

export interface SlotResultsProps {
  tenantSlug: string;
  /** Search parameters for /api/{tenant}/slots (service, location, practitioner, from). */
  query: Omit<SlotsQuery, 'cursor'>;
  /** Carried to the review page: who the visit is for, and the appointment being moved. */
  carry: Record<string, string>;
  /** Link to the next two weeks, shown when nothing is free. */
  laterHref: string;
}

/** Free slots grouped by local day, loaded a page at a time. */
export function SlotResults({ tenantSlug, query, carry, laterHref }: SlotResultsProps): React.ReactElement {
  const t = useTranslations('booking');
  const slots = useInfiniteQuery({
    queryKey: ['slots', tenantSlug, query],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      callApi(bookingApi.slots, {
        params: { tenant: tenantSlug },
        query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
        // The list shows its own message for any failure.
        fallbackMessage: t('error'),
      }),
    getNextPageParam: (last) => last.next ?? undefined,
  });

  const reviewHref = (slot: SlotView): string =>
    `/${tenantSlug}/book/review?${new URLSearchParams({ ...carry, slot: slot.id, v: slot.version }).toString()}`;

  if (slots.isPending) return <p role="status">{t('loading')}</p>;
  if (slots.isError)
    return (
      <p className="form-error" role="alert">
        {t('error')}
      </p>
    );
  const items = slots.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    const nextAvailable = slots.data.pages[0]?.nextAvailable;
    return (
      <div className="card" role="status">
        <p>{t('none')}</p>
        {nextAvailable ? (
          <p>
            {t('firstFree')}{' '}
            <Link className="slot" href={reviewHref(nextAvailable)}>
              <strong>
                {nextAvailable.dayLabel}, {nextAvailable.timeLabel}
              </strong>
              <span className="muted">
                {[nextAvailable.practitioner, nextAvailable.location].filter(Boolean).join(' · ')}
              </span>
            </Link>
          </p>
        ) : null}
        <Link className="button button--secondary" href={laterHref}>
          {t('nextAvailable')}
        </Link>
      </div>
    );
  }
  const days = new Map<string, SlotView[]>();
  for (const slot of items) days.set(slot.day, [...(days.get(slot.day) ?? []), slot]);
  return (
    <div aria-live="polite">
      {[...days.values()].map((daySlots) => (
        <section key={daySlots[0]?.day} className="slot-day" aria-label={daySlots[0]?.dayLabel}>
          <h3>{daySlots[0]?.dayLabel}</h3>
          <ul className="slot-list">
            {daySlots.map((slot) => (
              <li key={slot.id}>
                <Link className="slot" href={reviewHref(slot)}>
                  <strong>{slot.timeLabel}</strong>
                  <span className="muted">{[slot.practitioner, slot.location].filter(Boolean).join(' · ')}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {slots.hasNextPage ? (
        <button
          className="button button--secondary"
          type="button"
          disabled={slots.isFetchingNextPage}
          onClick={() => void slots.fetchNextPage()}
        >
          {slots.isFetchingNextPage ? t('loading') : t('more')}
        </button>
      ) : null}
    </div>
  );
}
