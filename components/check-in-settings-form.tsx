'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { checkinApi } from '@/lib/api/checkin';
import type { CheckInSettingsView } from '@/lib/checkin/get-check-in-settings';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

const FIELDS = [
  { key: 'radiusMeters', min: 10, max: 5000 },
  { key: 'accuracyCapMeters', min: 0, max: 2000 },
  { key: 'windowBeforeMinutes', min: 0, max: 1440 },
  { key: 'windowAfterMinutes', min: 0, max: 1440 },
] as const;

function numberOrUndefined(form: FormData, name: string): number | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined;
}

/** Clinic-wide check-in rules and, per location, optional overrides (blank follows the clinic). */
export function CheckInSettingsForm({
  tenantSlug,
  view,
}: {
  tenantSlug: string;
  view: CheckInSettingsView;
}): React.ReactElement {
  const t = useTranslations('staff.checkIn.form');
  const router = useRouter();
  const hydrated = useHydrated();
  const [saved, setSaved] = useState(false);
  const save = useApiMutation(checkinApi.settings, {
    fallbackMessage: t('failed'),
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const error = save.error
    ? [
        save.error.message,
        ...Object.entries(save.error.fieldErrors).map(([path, message]) => `${path}: ${message}`),
      ].join(' ')
    : null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const clinic = Object.fromEntries(
      FIELDS.map((field) => [field.key, numberOrUndefined(form, `clinic.${field.key}`)]),
    );
    const locations = Object.fromEntries(
      view.locations.map((location) => {
        const timeZone = form.get(`${location.id}.timeZone`);
        return [
          location.id,
          {
            ...Object.fromEntries(
              FIELDS.map((field) => [field.key, numberOrUndefined(form, `${location.id}.${field.key}`)]),
            ),
            timeZone: typeof timeZone === 'string' && timeZone.trim() ? timeZone.trim() : undefined,
          },
        ];
      }),
    );
    setSaved(false);
    save.mutate({ params: { tenant: tenantSlug }, body: { ...clinic, locations } });
  }

  return (
    <form className="form" onSubmit={submit}>
      <fieldset className="card form form--inline">
        <legend>{t('wholeClinic')}</legend>
        {FIELDS.map((field) => (
          <div className="field" key={field.key}>
            <label htmlFor={`clinic-${field.key}`}>{t(field.key)}</label>
            <input
              id={`clinic-${field.key}`}
              name={`clinic.${field.key}`}
              type="number"
              min={field.min}
              max={field.max}
              required
              defaultValue={view.clinic[field.key]}
            />
          </div>
        ))}
      </fieldset>
      {view.locations.map((location) => (
        <fieldset className="card form form--inline" key={location.id}>
          <legend>{location.name}</legend>
          {FIELDS.map((field) => (
            <div className="field" key={field.key}>
              <label htmlFor={`${location.id}-${field.key}`}>{t(field.key)}</label>
              <input
                id={`${location.id}-${field.key}`}
                name={`${location.id}.${field.key}`}
                type="number"
                min={field.min}
                max={field.max}
                placeholder={String(view.clinic[field.key])}
                defaultValue={location.override[field.key] ?? ''}
              />
            </div>
          ))}
          <div className="field">
            <label htmlFor={`${location.id}-timeZone`}>{t('timeZone')}</label>
            <input
              id={`${location.id}-timeZone`}
              name={`${location.id}.timeZone`}
              placeholder={t('clinicsZone')}
              defaultValue={location.override.timeZone ?? ''}
            />
          </div>
        </fieldset>
      ))}
      <FormError message={error} />
      {saved ? <p role="status">{t('saved')}</p> : null}
      <button className="button" type="submit" disabled={!hydrated || save.isPending}>
        {t('save')}
      </button>
    </form>
  );
}
