'use client';

import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { ApiError, callApi } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/endpoint';
import { identityApi } from '@/lib/api/identity';
import { CoverageForm, type CoverageFormPayer } from './coverage-form';
import { FormError } from './form-error';
import { AddressFields, TextField } from './form-field';
import { QrCodeCard } from './qr-code-card';
import { PasskeyOfferWhereUseful } from './passkey-offer';
import { LocaleOptions } from './locale-options';
import { CodeStepForm } from './code-step-form';
import { latestErrorMessage, useApiMutation } from './use-api-mutation';
import { keepTogether } from './keep-together';

type Welcome = ResponseOf<typeof identityApi.registerWelcome>;

type Step =
  | { name: 'details' }
  | { name: 'code'; registrationId: string; sentTo: string }
  | { name: 'welcome'; welcome: Welcome | null };

export interface RegistrationFormProps {
  tenantSlug: string;
  clinicName: string;
  /** The clinic's payers: when given, the welcome step offers the (optional) insurance form. */
  insurance?: { payers: CoverageFormPayer[]; timeZone: string } | undefined;
  /** Shown above and below the form until the patient is registered (title, intro, "Already a patient?"). */
  intro?: React.ReactNode;
  outro?: React.ReactNode;
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

const FIELD_IDS: Record<string, string> = {
  given: 'reg-given',
  family: 'reg-family',
  birthDate: 'reg-birth-date',
  gender: 'reg-gender',
  phone: 'reg-phone',
  email: 'reg-email',
  'address.line': 'reg-address-line',
  'address.city': 'reg-address-city',
  'address.state': 'reg-address-state',
  'address.postalCode': 'reg-address-postal-code',
  preferredLanguage: 'reg-language',
};

/** "I'm new here": details, then the code sent to the phone or email, then the welcome with the QR code. */
export function RegistrationForm({
  tenantSlug,
  clinicName,
  insurance,
  intro,
  outro,
}: RegistrationFormProps): React.ReactElement {
  const t = useTranslations('register');
  const tInsurance = useTranslations('insurance');
  const locale = useLocale();
  const [step, setStep] = useState<Step>({ name: 'details' });
  // What was typed, so that "Change my details" comes back to a filled form.
  const [draft, setDraft] = useState<Record<string, string>>({});
  const codeSent = ({ registrationId, sentTo }: { registrationId: string; sentTo: string }): void =>
    setStep({ name: 'code', registrationId, sentTo });
  const register = useApiMutation(identityApi.register, {
    fallbackMessage: t('failed'),
    onSuccess: codeSent,
    onError: (error) => {
      const first = Object.keys(error.fieldErrors)
        .map((key) => FIELD_IDS[key])
        .find(Boolean);
      if (first) document.getElementById(first)?.focus();
    },
  });
  const resendCode = useApiMutation(identityApi.registerResend, { fallbackMessage: t('failed'), onSuccess: codeSent });
  // The code signs the new patient in; then the welcome (first QR code), which may fail without blocking them.
  const verify = useApiMutation(
    async ({ registrationId, code }: { registrationId: string; code: string }): Promise<Welcome | null> => {
      const result = await signIn('patient-registration', {
        redirect: false,
        tenant: tenantSlug,
        registrationId,
        code,
      }).catch(() => null);
      if (!result?.ok || result.error)
        throw new ApiError({
          status: result?.status ?? 401,
          code: 'unauthorized',
          message: result?.error && result.error !== 'CredentialsSignin' ? result.error : t('failed'),
        });
      return callApi(identityApi.registerWelcome, {
        params: { tenant: tenantSlug },
        body: { registrationId },
        fallbackMessage: t('failed'),
      }).catch(() => null);
    },
    { fallbackMessage: t('failed'), onSuccess: (welcome) => setStep({ name: 'welcome', welcome }) },
  );
  const pending = register.isPending || resendCode.isPending || verify.isPending;
  const error = latestErrorMessage(register, resendCode, verify);
  const fieldErrors = register.error?.fieldErrors ?? {};

  function onDetails(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setDraft(
      Object.fromEntries([...form.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : ''])),
    );
    const body = {
      given: field(form, 'given'),
      family: field(form, 'family'),
      birthDate: field(form, 'birthDate'),
      gender: field(form, 'gender'),
      phone: field(form, 'phone'),
      email: field(form, 'email'),
      address: {
        line: field(form, 'line'),
        city: field(form, 'city'),
        state: field(form, 'state'),
        postalCode: field(form, 'postalCode'),
      },
      preferredLanguage: field(form, 'preferredLanguage'),
      verifyBy: field(form, 'verifyBy'),
    };
    register.mutate({ params: { tenant: tenantSlug }, body });
  }

  function resend(registrationId: string): void {
    resendCode.mutate({ params: { tenant: tenantSlug }, body: { registrationId } });
  }

  function onCode(event: FormEvent<HTMLFormElement>, registrationId: string): void {
    event.preventDefault();
    const code = field(new FormData(event.currentTarget), 'code').replace(/\s/g, '');
    verify.mutate({ registrationId, code });
  }

  const fieldError = (name: string): React.ReactElement | null =>
    fieldErrors[name] ? (
      <p id={`${FIELD_IDS[name] ?? name}-error`} className="field-error">
        {fieldErrors[name]}
      </p>
    ) : null;
  const describedBy = (name: string, hint?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } => {
    const ids = [hint, fieldErrors[name] ? `${FIELD_IDS[name] ?? name}-error` : undefined].filter(Boolean).join(' ');
    return {
      ...(fieldErrors[name] ? { 'aria-invalid': true as const } : {}),
      ...(ids ? { 'aria-describedby': ids } : {}),
    };
  };

  if (step.name === 'welcome') {
    const { welcome } = step;
    return (
      // Registered: the welcome is the page now (no "I'm new here", no "Already a patient?").
      <section className="card" aria-labelledby="welcome-heading">
        <h1 id="welcome-heading">{t('welcome', { clinic: clinicName })}</h1>
        {welcome ? (
          <>
            <p className="mrn">{t('yourMrn', { mrn: welcome.mrn ?? '' })}</p>
            <p>{t('qrIntro')}</p>
            <QrCodeCard
              svg={welcome.qr.svg}
              pngDataUrl={welcome.qr.pngDataUrl}
              fileName={`${tenantSlug}-qr-login.png`}
            />
            {welcome.sentTo ? (
              <p role="status">{welcome.sentTo === 'sms' ? t('sentBySms') : t('sentByEmail')}</p>
            ) : null}
          </>
        ) : (
          <p role="status">{t('welcomeFailed')}</p>
        )}
        <PasskeyOfferWhereUseful tenantSlug={tenantSlug} />
        {insurance && insurance.payers.length > 0 ? (
          <section aria-labelledby="reg-insurance-heading">
            <h3 id="reg-insurance-heading">{tInsurance('atRegistration')}</h3>
            <p>{tInsurance('atRegistrationIntro')}</p>
            <CoverageForm
              tenantSlug={tenantSlug}
              payers={insurance.payers}
              timeZone={insurance.timeZone}
              refreshAfterSave={false}
            />
          </section>
        ) : null}
        <div className="actions">
          <Link className="button" href={`/${tenantSlug}/me`}>
            {t('continue')}
          </Link>
        </div>
      </section>
    );
  }

  const framed = (content: React.ReactElement): React.ReactElement => (
    <>
      {intro}
      <div className="card">{content}</div>
      {outro}
    </>
  );

  if (step.name === 'code') {
    return framed(
      <CodeStepForm
        labels={{
          sentTo: t.rich('sentTo', { masked: step.sentTo, ...keepTogether }),
          code: t('code'),
          verify: t('verify'),
          working: t('working'),
          resend: t('resend'),
          startOver: t('startOver'),
        }}
        codeInputId="reg-code"
        pending={pending}
        error={error}
        onSubmit={(event) => onCode(event, step.registrationId)}
        onResend={() => resend(step.registrationId)}
        onStartOver={() => setStep({ name: 'details' })}
      />,
    );
  }

  return framed(
    <form className="form" onSubmit={onDetails} noValidate>
      <TextField
        id="reg-given"
        name="given"
        label={t('given')}
        error={fieldErrors.given}
        defaultValue={draft.given}
        autoComplete="given-name"
        required
      />
      <TextField
        id="reg-family"
        name="family"
        label={t('family')}
        error={fieldErrors.family}
        defaultValue={draft.family}
        autoComplete="family-name"
        required
      />
      <TextField
        id="reg-birth-date"
        name="birthDate"
        label={t('birthDate')}
        error={fieldErrors.birthDate}
        defaultValue={draft.birthDate}
        type="date"
        autoComplete="bday"
        required
      />
      <div className="field">
        <label htmlFor="reg-gender">{t('gender')}</label>
        <select id="reg-gender" name="gender" defaultValue={draft.gender ?? 'unknown'} {...describedBy('gender')}>
          <option value="female">{t('female')}</option>
          <option value="male">{t('male')}</option>
          <option value="other">{t('other')}</option>
          <option value="unknown">{t('unknown')}</option>
        </select>
        {fieldError('gender')}
      </div>
      <TextField
        id="reg-phone"
        name="phone"
        label={t('phone')}
        hint={t('phoneHint')}
        error={fieldErrors.phone}
        defaultValue={draft.phone}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
      />
      <TextField
        id="reg-email"
        name="email"
        label={t('email')}
        error={fieldErrors.email}
        defaultValue={draft.email}
        type="email"
        inputMode="email"
        autoComplete="email"
      />
      <fieldset className="field">
        <legend>{t('verifyBy')}</legend>
        <label className="choice">
          <input type="radio" name="verifyBy" value="sms" defaultChecked={draft.verifyBy !== 'email'} />
          {t('verifyBySms')}
        </label>
        <label className="choice">
          <input type="radio" name="verifyBy" value="email" defaultChecked={draft.verifyBy === 'email'} />
          {t('verifyByEmail')}
        </label>
      </fieldset>
      <fieldset className="field">
        <legend>{t('address')}</legend>
        <AddressFields
          idPrefix="reg-address"
          labels={{ line: t('addressLine'), city: t('city'), state: t('state'), postalCode: t('postalCode') }}
          defaults={draft}
          errors={{
            line: fieldErrors['address.line'],
            city: fieldErrors['address.city'],
            state: fieldErrors['address.state'],
            postalCode: fieldErrors['address.postalCode'],
          }}
        />
      </fieldset>
      <div className="field">
        <label htmlFor="reg-language">{t('language')}</label>
        <select
          id="reg-language"
          name="preferredLanguage"
          defaultValue={draft.preferredLanguage ?? locale}
          {...describedBy('preferredLanguage')}
        >
          <LocaleOptions />
        </select>
      </div>
      <FormError message={error} />
      <button className="button" type="submit" disabled={pending}>
        {pending ? t('working') : t('submit')}
      </button>
    </form>,
  );
}
