'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { waitlistApi } from '@/lib/api/waitlist';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

export interface EarlierTimeRequestProps {
  tenantSlug: string;
  appointmentId: string;
  /** Who the visit is for (EHR id: oneself or a dependent). */
  forPatientId: string;
  practitioner: { id: string; name: string } | null;
  locations: { id: string; name: string }[];
}

/** "Ask for an earlier time" on a booked visit: same visit type; the same clinician or any; the locations accepted. */
export function EarlierTimeRequest({
  tenantSlug,
  appointmentId,
  forPatientId,
  practitioner,
  locations,
}: EarlierTimeRequestProps): React.ReactElement {
  const t = useTranslations('waitlist');
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const join = useApiMutation(waitlistApi.join, { fallbackMessage: t('error') });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const clinician = form.get('clinician');
    const locationIds = form.getAll('location').filter((value): value is string => typeof value === 'string');
    join.mutate({
      params: { tenant: tenantSlug },
      body: {
        forPatient: forPatientId,
        appointmentId,
        ...(practitioner && clinician === 'same' ? { practitionerId: practitioner.id } : {}),
        ...(locationIds.length > 0 ? { locationIds } : {}),
      },
    });
  }

  if (join.data) {
    return (
      <div className="card" role="status">
        <p>{t('joined')}</p>
        <Link href={`/${tenantSlug}/me/waitlist`}>{t('link')}</Link>
      </div>
    );
  }
  if (!open) {
    return (
      <button className="button button--secondary" type="button" disabled={!hydrated} onClick={() => setOpen(true)}>
        {t('ask')}
      </button>
    );
  }
  return (
    <section className="card" aria-labelledby="earlier-heading">
      <h2 id="earlier-heading">{t('earlierTitle')}</h2>
      <p>{t('earlierIntro')}</p>
      <form className="form" onSubmit={submit}>
        {practitioner ? (
          <fieldset className="field">
            <legend>{t('clinicianLegend')}</legend>
            <label className="choice">
              <input type="radio" name="clinician" value="same" defaultChecked />{' '}
              {t('clinicianSame', { name: practitioner.name })}
            </label>
            <label className="choice">
              <input type="radio" name="clinician" value="any" /> {t('clinicianAny')}
            </label>
          </fieldset>
        ) : null}
        {locations.length > 1 ? (
          <fieldset className="field" aria-describedby="earlier-locations-hint">
            <legend>{t('locationsLegend')}</legend>
            <p id="earlier-locations-hint" className="muted">
              {t('locationsHint')}
            </p>
            {locations.map((location) => (
              <label key={location.id} className="choice">
                <input type="checkbox" name="location" value={location.id} /> {location.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <FormError message={join.errorMessage} />
        <div className="actions">
          <button className="button" type="submit" disabled={join.isPending}>
            {join.isPending ? t('sending') : t('ask')}
          </button>
          <button
            className="button button--secondary"
            type="button"
            disabled={join.isPending}
            onClick={() => {
              join.reset();
              setOpen(false);
            }}
          >
            {t('cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
