'use client';

import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { CoverageForm, type CoverageFormPayer } from './coverage-form';
import { FormError } from './form-error';
import { QrCodeCard } from './qr-code-card';
import { LocaleOptions } from './locale-options';
import { CodeStepForm } from './code-step-form';

interface CodeSent {
  registrationId: string;
  sentTo: string;
}

interface Welcome {
  mrn: string | null;
  name: string;
  sentTo: 'sms' | 'email' | null;
  qr: { svg: string; pngDataUrl: string };
}

type Step = { name: 'details' } | ({ name: 'code' } & CodeSent) | { name: 'welcome'; welcome: Welcome | null };

interface ErrorBody {
  error?: { message: string; details?: Record<string, string> };
}

export interface RegistrationFormProps {
  tenantSlug: string;
  clinicName: string;
  /** The clinic's payers: when given, the welcome step offers the (optional) insurance form. */
  insurance?: { payers: CoverageFormPayer[]; timeZone: string } | undefined;
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

async function post<T>(
  url: string,
  body: unknown,
): Promise<{ ok: true; data: T } | { ok: false; message: string; fields: Record<string, string> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => null);
  const json = (await response?.json().catch(() => null)) as (T & ErrorBody) | null;
  if (response?.ok && json) return { ok: true, data: json };
  return { ok: false, message: json?.error?.message ?? '', fields: json?.error?.details ?? {} };
}

const FIELD_IDS: Record<string, string> = {
  given: 'reg-given',
  family: 'reg-family',
  birthDate: 'reg-birth-date',
  gender: 'reg-gender',
  phone: 'reg-phone',
  email: 'reg-email',
  'address.line': 'reg-address-line',
  'address.city': 'reg-city',
  'address.state': 'reg-state',
  'address.postalCode': 'reg-postal-code',
  preferredLanguage: 'reg-language',
};

/** "I'm new here": details, then the code sent to the phone or email, then the welcome with the QR code. */
export function RegistrationForm({ tenantSlug, clinicName, insurance }: RegistrationFormProps): React.ReactElement {
  const t = useTranslations('register');
  const tInsurance = useTranslations('insurance');
  const locale = useLocale();
  const [step, setStep] = useState<Step>({ name: 'details' });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  // What was typed, so that "Change my details" comes back to a filled form.
  const [draft, setDraft] = useState<Record<string, string>>({});

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
        line: field(form, 'addressLine'),
        city: field(form, 'city'),
        state: field(form, 'state'),
        postalCode: field(form, 'postalCode'),
      },
      preferredLanguage: field(form, 'preferredLanguage'),
      verifyBy: field(form, 'verifyBy'),
    };
    setPending(true);
    setError(null);
    setFieldErrors({});
    void post<CodeSent>(`/api/${tenantSlug}/register`, body).then((result) => {
      setPending(false);
      if (result.ok) return setStep({ name: 'code', ...result.data });
      setFieldErrors(result.fields);
      setError(result.message || t('failed'));
      const first = Object.keys(result.fields)
        .map((key) => FIELD_IDS[key])
        .find(Boolean);
      if (first) document.getElementById(first)?.focus();
    });
  }

  function resend(registrationId: string): void {
    setPending(true);
    setError(null);
    void post<CodeSent>(`/api/${tenantSlug}/register/resend`, { registrationId }).then((result) => {
      setPending(false);
      if (result.ok) setStep({ name: 'code', ...result.data });
      else setError(result.message || t('failed'));
    });
  }

  function onCode(event: FormEvent<HTMLFormElement>, registrationId: string): void {
    event.preventDefault();
    const code = field(new FormData(event.currentTarget), 'code').replace(/\s/g, '');
    setPending(true);
    setError(null);
    void (async () => {
      const result = await signIn('patient-registration', {
        redirect: false,
        tenant: tenantSlug,
        registrationId,
        code,
      }).catch(() => null);
      if (!result?.ok || result.error) {
        setPending(false);
        setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : t('failed'));
        return;
      }
      const welcome = await post<Welcome>(`/api/${tenantSlug}/register/welcome`, { registrationId });
      setPending(false);
      setStep({ name: 'welcome', welcome: welcome.ok ? welcome.data : null });
    })();
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
      <section aria-labelledby="welcome-heading">
        <h2 id="welcome-heading">{t('welcome', { clinic: clinicName })}</h2>
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

  if (step.name === 'code') {
    return (
      <CodeStepForm
        labels={{
          sentTo: t('sentTo', { masked: step.sentTo }),
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
      />
    );
  }

  return (
    <form className="form" onSubmit={onDetails} noValidate>
      <div className="field">
        <label htmlFor="reg-given">{t('given')}</label>
        <input
          id="reg-given"
          name="given"
          defaultValue={draft.given}
          autoComplete="given-name"
          required
          {...describedBy('given')}
        />
        {fieldError('given')}
      </div>
      <div className="field">
        <label htmlFor="reg-family">{t('family')}</label>
        <input
          id="reg-family"
          name="family"
          defaultValue={draft.family}
          autoComplete="family-name"
          required
          {...describedBy('family')}
        />
        {fieldError('family')}
      </div>
      <div className="field">
        <label htmlFor="reg-birth-date">{t('birthDate')}</label>
        <input
          id="reg-birth-date"
          name="birthDate"
          defaultValue={draft.birthDate}
          type="date"
          autoComplete="bday"
          required
          {...describedBy('birthDate')}
        />
        {fieldError('birthDate')}
      </div>
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
      <div className="field">
        <label htmlFor="reg-phone">{t('phone')}</label>
        <input
          id="reg-phone"
          name="phone"
          defaultValue={draft.phone}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          {...describedBy('phone', 'reg-phone-hint')}
        />
        <p id="reg-phone-hint" className="muted">
          {t('phoneHint')}
        </p>
        {fieldError('phone')}
      </div>
      <div className="field">
        <label htmlFor="reg-email">{t('email')}</label>
        <input
          id="reg-email"
          name="email"
          defaultValue={draft.email}
          type="email"
          inputMode="email"
          autoComplete="email"
          {...describedBy('email')}
        />
        {fieldError('email')}
      </div>
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
        <label htmlFor="reg-address-line">{t('addressLine')}</label>
        <input
          id="reg-address-line"
          name="addressLine"
          defaultValue={draft.addressLine}
          autoComplete="street-address"
          {...describedBy('address.line')}
        />
        {fieldError('address.line')}
        <label htmlFor="reg-city">{t('city')}</label>
        <input
          id="reg-city"
          name="city"
          defaultValue={draft.city}
          autoComplete="address-level2"
          {...describedBy('address.city')}
        />
        <label htmlFor="reg-state">{t('state')}</label>
        <input
          id="reg-state"
          name="state"
          defaultValue={draft.state}
          autoComplete="address-level1"
          {...describedBy('address.state')}
        />
        <label htmlFor="reg-postal-code">{t('postalCode')}</label>
        <input
          id="reg-postal-code"
          name="postalCode"
          defaultValue={draft.postalCode}
          autoComplete="postal-code"
          inputMode="numeric"
          {...describedBy('address.postalCode')}
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
    </form>
  );
}
