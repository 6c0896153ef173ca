'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { FormError } from './form-error';
import { CodeStepForm } from './code-step-form';

interface Contact {
  id: string;
  kind: 'sms' | 'email';
  masked: string;
}

type Step =
  | { name: 'details' }
  | { name: 'choose'; loginId: string; contacts: Contact[] }
  | { name: 'code'; loginId: string; contactId: string; sentTo: string };

export interface PatientLoginFormProps {
  tenantSlug: string;
  /** Where to go after signing in (a path of this clinic); the patient's home by default. */
  returnTo?: string | undefined;
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

async function post<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as
    (T & { error?: { message: string; details?: Record<string, string> } }) | null;
  if (response.ok && json) return { ok: true, data: json };
  const details = json?.error?.details ? Object.values(json.error.details).join(' ') : '';
  return { ok: false, message: details || json?.error?.message || '' };
}

/** MRN sign-in in three steps: details, where to send the code, the code. */
export function PatientLoginForm({ tenantSlug, returnTo }: PatientLoginFormProps): React.ReactElement {
  const t = useTranslations('login');
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: 'details' });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(action: () => Promise<void>): Promise<void> {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch {
      setError(t('failed'));
    } finally {
      setPending(false);
    }
  }

  function onDetails(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(async () => {
      const result = await post<{ loginId: string; contacts: Contact[] }>(`/api/${tenantSlug}/login/start`, {
        mrn: field(form, 'mrn'),
        birthDate: field(form, 'birthDate'),
      });
      if (!result.ok) return setError(result.message || t('failed'));
      setStep({ name: 'choose', ...result.data });
    });
  }

  function send(loginId: string, contactId: string): void {
    void run(async () => {
      const result = await post<{ sentTo: string }>(`/api/${tenantSlug}/login/send`, { loginId, contactId });
      if (!result.ok) return setError(result.message || t('failed'));
      setStep({ name: 'code', loginId, contactId, sentTo: result.data.sentTo });
    });
  }

  function onChoose(event: FormEvent<HTMLFormElement>, loginId: string): void {
    event.preventDefault();
    send(loginId, field(new FormData(event.currentTarget), 'contact'));
  }

  function onCode(event: FormEvent<HTMLFormElement>, loginId: string): void {
    event.preventDefault();
    const code = field(new FormData(event.currentTarget), 'code').replace(/\s/g, '');
    void run(async () => {
      const result = await signIn('patient-code', { redirect: false, tenant: tenantSlug, loginId, code });
      if (result?.ok && !result.error) {
        router.replace(returnTo ?? `/${tenantSlug}/me`);
        router.refresh();
      } else {
        setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : t('failed'));
      }
    });
  }

  const alert = <FormError message={error} />;

  if (step.name === 'details') {
    return (
      <form className="form" onSubmit={onDetails} noValidate>
        <div className="field">
          <label htmlFor="login-mrn">{t('mrn')}</label>
          <input
            id="login-mrn"
            name="mrn"
            inputMode="text"
            autoComplete="off"
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
              {contact.kind === 'sms' ? t('sms', { masked: contact.masked }) : t('email', { masked: contact.masked })}
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
        sentTo: t('sentTo', { masked: step.sentTo }),
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
