'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { Clock, Languages, MapPin } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { bookingApi, type ClinicianCardBody, type ClinicianTimesQueryBody, type TimeViewBody } from '@/lib/api/booking';
import { callApi } from '@/lib/api/client';
import { languageName } from '@/lib/i18n/language-name';
import { ClinicianAvatar } from './clinician-avatar';
import { DayStrip } from './day-strip';
import { JoinWaitlistForm, type JoinWaitlistFormProps } from './join-waitlist-form';

export interface ClinicianTimesProps {
  tenantSlug: string;
  /** The search (service, location, practitioner, language, gender, from). */
  query: Omit<ClinicianTimesQueryBody, 'day'>;
  /** Carried to the review page: who the visit is for, and the appointment being moved. */
  carry: Record<string, string>;
  /** Link to the two weeks after these, shown when nothing is free. */
  laterHref: string;
  /** Where the clinic keeps a waitlist: joining it is offered when nothing is free. */
  waitlist?: Omit<JoinWaitlistFormProps, 'tenantSlug'> | undefined;
}

function ClinicianLine({ clinician }: { clinician: ClinicianCardBody }): React.ReactElement {
  const t = useTranslations('clinicians');
  const locale = useLocale();
  const languages = clinician.languages.map((tag) => languageName(tag, locale, t('mandarin')));
  return (
    <div className="clinician">
      <ClinicianAvatar photoUrl={clinician.photoUrl} initials={clinician.initials} />
      <div>
        <strong className="clinician__name">{clinician.displayName}</strong>
        {clinician.qualifications.length > 0 || clinician.specialties.length > 0 ? (
          <span className="clinician__line muted">
            {[...clinician.qualifications, ...clinician.specialties].join(' · ')}
          </span>
        ) : null}
        {languages.length > 0 ? (
          <span className="clinician__line">
            <Languages aria-hidden="true" size={16} /> {t('speaks', { languages: languages.join(', ') })}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The search's results: how many free times, the first available one, the day strip, then one card per
 * clinician and day with its times as buttons; more days a page at a time.
 */
export function ClinicianTimes({
  tenantSlug,
  query,
  carry,
  laterHref,
  waitlist,
}: ClinicianTimesProps): React.ReactElement {
  const t = useTranslations('clinicians');
  const tb = useTranslations('booking');
  const [chosenDay, setChosenDay] = useState<string | null>(null);
  const times = useInfiniteQuery({
    queryKey: ['clinician-times', tenantSlug, query, chosenDay],
    initialPageParam: chosenDay ?? '',
    queryFn: ({ pageParam, signal }) =>
      callApi(bookingApi.clinicianTimes, {
        params: { tenant: tenantSlug },
        query: { ...query, ...(pageParam ? { day: pageParam } : {}) },
        signal,
        // The list shows its own message for any failure.
        fallbackMessage: tb('error'),
      }),
    getNextPageParam: (last) => last.nextDay ?? undefined,
    placeholderData: (previous) => previous,
  });

  // Time buttons are not prefetched: each review page reads the EHR, and a page shows dozens of times.
  const reviewHref = (time: TimeViewBody): string =>
    `/${tenantSlug}/book/review?${new URLSearchParams({ ...carry, slot: time.id, v: time.version }).toString()}`;

  if (times.isPending) return <p role="status">{tb('loading')}</p>;
  if (times.isError)
    return (
      <p className="form-error" role="alert">
        {tb('error')}
      </p>
    );
  const [first] = times.data.pages;
  if (!first || first.total === 0)
    return (
      <div className="card" role="status">
        <p>{query.language || query.gender || query.practitioner ? t('noneFiltered') : tb('none')}</p>
        <Link className="button button--secondary" href={laterHref}>
          {tb('nextAvailable')}
        </Link>
        {waitlist ? <JoinWaitlistForm tenantSlug={tenantSlug} {...waitlist} /> : null}
      </div>
    );
  const firstAvailable = first.firstAvailable;
  const days = times.data.pages.flatMap((page) => page.days);
  return (
    <div className="results">
      <p className="results__count" role="status">
        {t('resultCount', { count: first.total, clinicians: first.clinicianCount })}
      </p>
      {firstAvailable ? (
        <Link className="first-available" href={reviewHref(firstAvailable)} prefetch={false}>
          <span className="first-available__label">
            <Clock aria-hidden="true" size={18} /> {t('firstAvailable')}
          </span>
          <strong>
            {firstAvailable.dayLabel}, {firstAvailable.timeLabel}
          </strong>
          <span className="muted">
            {[firstAvailable.clinician?.displayName, firstAvailable.location].filter(Boolean).join(' · ')}
          </span>
        </Link>
      ) : null}
      <DayStrip days={first.strip} selected={chosenDay} onSelect={setChosenDay} />
      <div aria-live="polite" aria-busy={times.isFetching}>
        {days.map((day) => (
          <section key={day.day} className="slot-day" aria-label={day.dayLabel}>
            <h2 className="slot-day__title">{day.dayLabel}</h2>
            <ul className="clinician-cards">
              {day.clinicians.map((entry) => {
                const name = entry.clinician?.displayName ?? t('anyClinician');
                return (
                  <li key={`${entry.clinician?.id ?? ''}-${entry.location ?? ''}`} className="card clinician-card">
                    {entry.clinician ? <ClinicianLine clinician={entry.clinician} /> : <strong>{name}</strong>}
                    {entry.location ? (
                      <span className="clinician__line muted">
                        <MapPin aria-hidden="true" size={16} /> {entry.location}
                      </span>
                    ) : null}
                    <ul className="time-buttons" aria-label={t('timesWith', { name, day: day.dayLabel })}>
                      {entry.times.map((time) => (
                        <li key={time.id}>
                          <Link className="slot slot--time" href={reviewHref(time)} prefetch={false}>
                            {time.timeLabel}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
      {times.hasNextPage ? (
        <button
          className="button button--secondary"
          type="button"
          disabled={times.isFetchingNextPage}
          onClick={() => void times.fetchNextPage()}
        >
          {times.isFetchingNextPage ? tb('loading') : t('moreDays')}
        </button>
      ) : (
        <Link className="button button--secondary" href={laterHref}>
          {tb('nextAvailable')}
        </Link>
      )}
    </div>
  );
}
