'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import type { Locale } from '@/lib/i18n/locales';
import { LocaleOptions } from './locale-options';
import { FormError } from './form-error';

export interface PreferencesFormProps {
  tenantSlug: string;
  /** Kinds of contact point on file, with their masked form. */
  contacts: { kind: 'sms' | 'email'; masked: string }[];
  preferredChannel: 'sms' | 'email' | null;
  preferredLocale: Locale;
}

/** Where codes and notices go first, and the language of the app and of messages. */
export function PreferencesForm({
  tenantSlug,
  contacts,
  preferredChannel,
  preferredLocale,
}: PreferencesFormProps): React.ReactElement {
  const t = useTranslations('profile');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const kinds = [...new Map(contacts.map((contact) => [contact.kind, contact])).values()];
  const checked = preferredChannel ?? kinds[0]?.kind;

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const channel = form.get('preferredChannel');
    setPending(true);
    setError(null);
    setSaved(false);
    void fetch(`/api/${tenantSlug}/me/preferences`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(typeof channel === 'string' ? { preferredChannel: channel } : {}),
        preferredLocale: form.get('preferredLocale'),
      }),
    })
      .then(async (response) => {
        setPending(false);
        if (response.ok) {
          setSaved(true);
          router.refresh();
          return;
        }
        const body = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
        setError(body?.error?.message ?? t('failed'));
      })
      .catch(() => {
        setPending(false);
        setError(t('failed'));
      });
  }

  return (
    <form className="form" onSubmit={onSubmit}>
      {kinds.length > 0 ? (
        <fieldset className="field">
          <legend>{t('channel')}</legend>
          {kinds.map((contact) => (
            <label key={contact.kind} className="choice">
              <input
                type="radio"
                name="preferredChannel"
                value={contact.kind}
                defaultChecked={contact.kind === checked}
              />
              {contact.kind === 'sms'
                ? t('bySms', { masked: contact.masked })
                : t('byEmail', { masked: contact.masked })}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="profile-language">{t('language')}</label>
        <select id="profile-language" name="preferredLocale" defaultValue={preferredLocale}>
          <LocaleOptions />
        </select>
      </div>
      <FormError message={error} />
      {saved ? <p role="status">{t('saved')}</p> : null}
      <button className="button" type="submit" disabled={pending}>
        {t('save')}
      </button>
    </form>
  );
}
