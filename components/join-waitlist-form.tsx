'use client';

import Link from 'next/link';
import { type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { waitlistApi } from '@/lib/api/waitlist';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

export interface JoinWaitlistFormProps {
  tenantSlug: string;
  /** Who would be booked (EHR id: oneself or a dependent). */
  forPatientId: string;
  serviceCode: string;
  /** The first and last day suggested (yyyy-mm-dd, the clinic's calendar). */
  fromDay: string;
  untilDay: string;
  /** The clinic's UTC offset on those days, e.g. "-05:00", so a day means the clinic's day. */
  utcOffset: string;
  practitionerId?: string | undefined;
  locationId?: string | undefined;
}

/** When a search found nothing: join the waitlist for that visit type and a date range. */
export function JoinWaitlistForm(props: JoinWaitlistFormProps): React.ReactElement {
  const t = useTranslations('waitlist');
  const hydrated = useHydrated();
  const join = useApiMutation(waitlistApi.join, { fallbackMessage: t('error') });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const day = (name: string): string => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const from = day('from');
    const until = day('until');
    join.mutate({
      params: { tenant: props.tenantSlug },
      body: {
        forPatient: props.forPatientId,
        serviceCode: props.serviceCode,
        ...(props.practitionerId ? { practitionerId: props.practitionerId } : {}),
        ...(props.locationId ? { locationIds: [props.locationId] } : {}),
        ...(from ? { earliest: `${from}T00:00:00${props.utcOffset}` } : {}),
        // The last day is included: the range ends at the start of the day after.
        ...(until ? { latest: `${until}T23:59:59${props.utcOffset}` } : {}),
      },
    });
  }

  if (join.data) {
    return (
      <div role="status">
        <p>{t('joined')}</p>
        <Link href={`/${props.tenantSlug}/me/waitlist`}>{t('link')}</Link>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby="join-waitlist-heading">
      <h2 id="join-waitlist-heading">{t('joinTitle')}</h2>
      <p>{t('joinIntro')}</p>
      <div className="field">
        <label htmlFor="waitlist-from">{t('from')}</label>
        <input id="waitlist-from" name="from" type="date" defaultValue={props.fromDay} required />
      </div>
      <div className="field">
        <label htmlFor="waitlist-until">{t('until')}</label>
        <input id="waitlist-until" name="until" type="date" defaultValue={props.untilDay} required />
      </div>
      <FormError message={join.errorMessage} />
      <button className="button" type="submit" disabled={!hydrated || join.isPending}>
        {join.isPending ? t('sending') : t('join')}
      </button>
    </form>
  );
}
