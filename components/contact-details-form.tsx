'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { identityApi } from '@/lib/api/identity';
import { CodeStepForm } from './code-step-form';
import { FormError } from './form-error';
import { AddressFields } from './form-field';
import { useApiMutation } from './use-api-mutation';
import { keepTogether } from './keep-together';

export interface ContactDetailsFormProps {
  tenantSlug: string;
  /** The home address on file, for the address form. */
  address: { line: string; city: string; state: string; postalCode: string };
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

type Step =
  { name: 'enter' } | { name: 'code'; changeId: string; sentTo: string; kind: 'sms' | 'email'; value: string };

/**
 * Changing one's mobile phone or email (a code sent to the new one proves it, then it is saved in the
 * clinic's record) and one's home address (saved at once).
 */
export function ContactDetailsForm({ tenantSlug, address }: ContactDetailsFormProps): React.ReactElement {
  const t = useTranslations('profile');
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: 'enter' });
  const [saved, setSaved] = useState<'contact' | 'address' | null>(null);
  const start = useApiMutation(identityApi.startContactChange, {
    fallbackMessage: t('failed'),
    onSuccess: ({ changeId, sentTo }, input) =>
      setStep({
        name: 'code',
        changeId,
        sentTo,
        kind: input.body.kind === 'email' ? 'email' : 'sms',
        value: String(input.body.value),
      }),
  });
  const confirm = useApiMutation(identityApi.confirmContactChange, {
    fallbackMessage: t('failed'),
    onSuccess: () => {
      setStep({ name: 'enter' });
      setSaved('contact');
      router.refresh();
    },
  });
  const saveAddress = useApiMutation(identityApi.changeAddress, {
    fallbackMessage: t('failed'),
    onSuccess: () => {
      setSaved('address');
      router.refresh();
    },
  });

  function sendCode(kind: 'sms' | 'email', value: string): void {
    setSaved(null);
    start.mutate({ params: { tenant: tenantSlug }, body: { kind, value } });
  }

  function onContact(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    sendCode(text(form, 'kind') === 'email' ? 'email' : 'sms', text(form, 'value'));
  }

  function onAddress(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(null);
    saveAddress.mutate({
      params: { tenant: tenantSlug },
      body: {
        line: text(form, 'line'),
        city: text(form, 'city'),
        state: text(form, 'state'),
        postalCode: text(form, 'postalCode'),
      },
    });
  }

  return (
    <>
      {saved ? <p role="status">{saved === 'contact' ? t('contactSaved') : t('addressSaved')}</p> : null}
      {step.name === 'code' ? (
        <CodeStepForm
          labels={{
            sentTo: t.rich('contactCodeSent', { masked: step.sentTo, ...keepTogether }),
            code: t('contactCode'),
            verify: t('contactVerify'),
            working: t('saving'),
            resend: t('contactResend'),
            startOver: t('contactStartOver'),
          }}
          codeInputId="contact-code"
          pending={confirm.isPending || start.isPending}
          error={confirm.errorMessage ?? start.errorMessage}
          onSubmit={(event) => {
            event.preventDefault();
            confirm.mutate({
              params: { tenant: tenantSlug },
              body: { changeId: step.changeId, code: text(new FormData(event.currentTarget), 'code') },
            });
          }}
          onResend={() => sendCode(step.kind, step.value)}
          onStartOver={() => setStep({ name: 'enter' })}
        />
      ) : (
        <form className="form" onSubmit={onContact} aria-labelledby="contact-change-heading">
          <h3 id="contact-change-heading">{t('contactChange')}</h3>
          <fieldset className="field">
            <legend>{t('contactKind')}</legend>
            <label>
              <input type="radio" name="kind" value="sms" defaultChecked /> {t('contactPhone')}
            </label>
            <label>
              <input type="radio" name="kind" value="email" /> {t('contactEmail')}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="contact-value">{t('contactValue')}</label>
            <input id="contact-value" name="value" required maxLength={254} autoComplete="off" />
            <p className="muted">{t('contactHint')}</p>
          </div>
          <FormError message={start.errorMessage} />
          <button className="button" type="submit" disabled={start.isPending}>
            {start.isPending ? t('saving') : t('contactSend')}
          </button>
        </form>
      )}
      <form className="form" onSubmit={onAddress} aria-labelledby="address-heading">
        <h3 id="address-heading">{t('addressTitle')}</h3>
        <AddressFields
          idPrefix="address"
          labels={{
            line: t('addressLine'),
            city: t('addressCity'),
            state: t('addressState'),
            postalCode: t('addressPostalCode'),
          }}
          defaults={address}
          lineRequired
        />
        <FormError message={saveAddress.errorMessage} />
        <button className="button button--secondary" type="submit" disabled={saveAddress.isPending}>
          {saveAddress.isPending ? t('saving') : t('addressSave')}
        </button>
      </form>
    </>
  );
}
