'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { ApiError } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/endpoint';
import { identityApi } from '@/lib/api/identity';
import { FormError } from './form-error';
import { CodeStepForm } from './code-step-form';
import { shouldOfferPasskey } from './passkey-ceremony';
import { PasskeyOffer } from './passkey-offer';
import { PasskeySignInButton } from './passkey-sign-in-button';
import { latestErrorMessage, useApiMutation, type ApiMutation } from './use-api-mutation';
import { keepTogether } from './keep-together';

type Contact = ResponseOf<typeof identityApi.loginStart>['contacts'][number];

type Step =
  | { name: 'details' }
  | { name: 'choose'; loginId: string; contacts: Contact[] }
  | { name: 'code'; loginId: string; contactId: string; sentTo: string }
  | { name: 'passkey-offer' };

export interface PatientLoginFormProps {
  tenantSlug: string;
  /** Where to go after signing in (a path of this clinic); the patient's home by default. */
  returnTo?: string | undefined;
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** A sign-in step's failure: what is wrong with the fields when the server names them, else its message. */
function shown(
  mutation: Pick<ApiMutation<never, unknown, unknown>, 'error' | 'submittedAt'>,
): Pick<ApiMutation<never, unknown, unknown>, 'errorMessage' | 'submittedAt'> {
  const { error } = mutation;
  return {
    submittedAt: mutation.submittedAt,
    errorMessage: error ? Object.values(error.fieldErrors).join(' ') || error.message : null,
  };
}

/** MRN sign-in in three steps: details, where to send the code, the code. */
export function PatientLoginForm({ tenantSlug, returnTo }: PatientLoginFormProps): React.ReactElement {
  const t = useTranslations('login');
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: 'details' });
  const start = useApiMutation(identityApi.loginStart, {
    fallbackMessage: t('failed'),
    onSuccess: (started) => setStep({ name: 'choose', ...started }),
  });
  const sendCode = useApiMutation(identityApi.loginSend, {
    fallbackMessage: t('failed'),
    onSuccess: ({ sentTo }, { body }) => setStep({ name: 'code', ...body, sentTo }),
  });
  const verify = useApiMutation(
    async ({ loginId, code }: { loginId: string; code: string }): Promise<void> => {
      const result = await signIn('patient-code', { redirect: false, tenant: tenantSlug, loginId, code });
      if (!result?.ok || result.error)
        throw new ApiError({
          status: result?.status ?? 401,
          code: 'unauthorized',
          message: result?.error && result.error !== 'CredentialsSignin' ? result.error : t('failed'),
        });
    },
    {
      fallbackMessage: t('failed'),
      // Signed in: on a device that can keep one, offer a passkey for next time first.
      onSuccess: async () => {
        if (await shouldOfferPasskey(tenantSlug)) setStep({ name: 'passkey-offer' });
        else goOn();
      },
    },
  );

  function goOn(): void {
    router.replace(returnTo ?? `/${tenantSlug}/me`);
    router.refresh();
  }
  const pending = start.isPending || sendCode.isPending || verify.isPending;
  const error = latestErrorMessage(shown(start), shown(sendCode), verify);

  function onDetails(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    start.mutate({
      params: { tenant: tenantSlug },
      body: { mrn: field(form, 'mrn'), birthDate: field(form, 'birthDate') },
    });
  }

  function send(loginId: string, contactId: string): void {
    sendCode.mutate({ params: { tenant: tenantSlug }, body: { loginId, contactId } });
  }

  function onChoose(event: FormEvent<HTMLFormElement>, loginId: string): void {
    event.preventDefault();
    send(loginId, field(new FormData(event.currentTarget), 'contact'));
  }

  function onCode(event: FormEvent<HTMLFormElement>, loginId: string): void {
    event.preventDefault();
    const code = field(new FormData(event.currentTarget), 'code').replace(/\s/g, '');
    verify.mutate({ loginId, code });
  }

  const alert = <FormError message={error} />;

  if (step.name === 'passkey-offer') return <PasskeyOffer tenantSlug={tenantSlug} onFinished={goOn} card={false} />;

  if (step.name === 'details') {
    return (
      <>
        <PasskeySignInButton tenantSlug={tenantSlug} returnTo={returnTo} autofill />
        <form className="form" onSubmit={onDetails} noValidate>
          <div className="field">
            <label htmlFor="login-mrn">{t('mrn')}</label>
            <input
              id="login-mrn"
              name="mrn"
              inputMode="text"
              // "webauthn": the browser may offer this clinic's passkeys here (autofill sign-in).
              autoComplete="username webauthn"
              required
              aria-describedby="login-mrn-hint"
            />
            <p id="login-mrn-hint" className="muted">
              {t('mrnHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="login-birth-date">{t('birthDate')}</label>
            <input id="login-birth-date" name="birthDate" type="date" autoComplete="bday" required />
          </div>
          {alert}
          <button className="button" type="submit" disabled={pending}>
            {pending ? t('working') : t('continue')}
          </button>
        </form>
      </>
    );
  }

  if (step.name === 'choose') {
    return (
      <form className="form" onSubmit={(event) => onChoose(event, step.loginId)}>
        <fieldset className="field">
          <legend>{t('chooseContact')}</legend>
          <p className="muted">{t('chooseHint')}</p>
          {step.contacts.map((contact, index) => (
            <label key={contact.id} className="choice">
              <input type="radio" name="contact" value={contact.id} defaultChecked={index === 0} />
              {contact.kind === 'sms'
                ? t.rich('sms', { masked: contact.masked, ...keepTogether })
                : t.rich('email', { masked: contact.masked, ...keepTogether })}
            </label>
          ))}
        </fieldset>
        {alert}
        <button className="button" type="submit" disabled={pending}>
          {pending ? t('working') : t('send')}
        </button>
      </form>
    );
  }

  return (
    <CodeStepForm
      labels={{
        sentTo: t.rich('sentTo', { masked: step.sentTo, ...keepTogether }),
        code: t('code'),
        verify: t('verify'),
        working: t('working'),
        resend: t('resend'),
        startOver: t('startOver'),
      }}
      codeInputId="login-code"
      pending={pending}
      error={error}
      onSubmit={(event) => onCode(event, step.loginId)}
      onResend={() => send(step.loginId, step.contactId)}
      onStartOver={() => setStep({ name: 'details' })}
    />
  );
}
