'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { identityApi } from '@/lib/api/identity';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Adds a child to the guardian's record. */
export function AddDependentForm({ tenantSlug }: { tenantSlug: string }): React.ReactElement {
  const t = useTranslations('dependents');
  const router = useRouter();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const add = useApiMutation(identityApi.addDependent, {
    fallbackMessage: t('failed'),
    onSuccess: ({ dependent }) => {
      setAdded(t('added', { name: dependent.name, mrn: dependent.mrn ?? '' }));
      setOpen(false);
      router.refresh();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate({
      params: { tenant: tenantSlug },
      body: {
        given: field(form, 'given'),
        family: field(form, 'family'),
        birthDate: field(form, 'birthDate'),
        gender: field(form, 'gender'),
        relationship: field(form, 'relationship'),
      },
    });
  }

  if (!open) {
    return (
      <>
        {added ? <p role="status">{added}</p> : null}
        <button className="button button--secondary" type="button" disabled={!hydrated} onClick={() => setOpen(true)}>
          {t('add')}
        </button>
      </>
    );
  }
  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="dependent-given">{t('given')}</label>
        <input id="dependent-given" name="given" required autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="dependent-family">{t('family')}</label>
        <input id="dependent-family" name="family" required autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="dependent-birth-date">{t('birthDate')}</label>
        <input id="dependent-birth-date" name="birthDate" type="date" required />
      </div>
      <div className="field">
        <label htmlFor="dependent-gender">{t('gender')}</label>
        <select id="dependent-gender" name="gender" defaultValue="unknown">
          <option value="female">{t('female')}</option>
          <option value="male">{t('male')}</option>
          <option value="other">{t('other')}</option>
          <option value="unknown">{t('unknown')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="dependent-relationship">{t('relationship')}</label>
        <select id="dependent-relationship" name="relationship" defaultValue="parent">
          <option value="mother">{t('mother')}</option>
          <option value="father">{t('father')}</option>
          <option value="parent">{t('parent')}</option>
          <option value="guardian">{t('guardian')}</option>
        </select>
      </div>
      <FormError message={add.errorMessage} />
      <button className="button" type="submit" disabled={add.isPending}>
        {t('save')}
      </button>
    </form>
  );
}
