'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { identityApi } from '@/lib/api/identity';
import type { Locale } from '@/lib/i18n/locales';
import { LocaleOptions } from './locale-options';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { keepTogether } from './keep-together';

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
  const [saved, setSaved] = useState(false);
  const save = useApiMutation(identityApi.preferences, {
    fallbackMessage: t('failed'),
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const kinds = [...new Map(contacts.map((contact) => [contact.kind, contact])).values()];
  const checked = preferredChannel ?? kinds[0]?.kind;

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const channel = form.get('preferredChannel');
    const locale = form.get('preferredLocale');
    setSaved(false);
    save.mutate({
      params: { tenant: tenantSlug },
      body: {
        ...(typeof channel === 'string' ? { preferredChannel: channel } : {}),
        ...(typeof locale === 'string' ? { preferredLocale: locale } : {}),
      },
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
                ? t.rich('bySms', { masked: contact.masked, ...keepTogether })
                : t.rich('byEmail', { masked: contact.masked, ...keepTogether })}
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
      <FormError message={save.errorMessage} />
      {saved ? <p role="status">{t('saved')}</p> : null}
      <button className="button" type="submit" disabled={save.isPending}>
        {t('save')}
      </button>
    </form>
  );
}
