'use client';

import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { toApiError } from '@/lib/api/client';
import { FormError } from '../form-error';
import { confirmStaffPasskey, createPasskey, SupersededCeremony } from '../passkey-ceremony';
import { useHydrated } from '../use-hydrated';

export interface StaffSecondFactorProps {
  tenantSlug: string;
  /** The account has a passkey: confirm with it; none yet: set one up with an enrolment code first. */
  hasPasskey: boolean;
}

type Step = 'enrol' | 'confirm';

/**
 * The passkey step after the password. With a passkey, one tap confirms it; without one, the
 * enrolment code an administrator gave makes one on this device, and one more tap confirms with it.
 * Passing the step reloads into the staff pages (the session cookie now carries it).
 */
export function StaffSecondFactor({ tenantSlug, hasPasskey }: StaffSecondFactorProps): React.ReactElement {
  const t = useTranslations('staff.secondFactor');
  const hydrated = useHydrated();
  const [step, setStep] = useState<Step>(hasPasskey ? 'confirm' : 'enrol');
  const [enrolled, setEnrolled] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const messages = { failed: t('failed'), cancelled: t('cancelled') };

  function fail(failure: unknown): void {
    setPending(false);
    if (!(failure instanceof SupersededCeremony)) setError(toApiError(failure, t('failed')).message);
  }

  function confirm(): void {
    setPending(true);
    setError(null);
    confirmStaffPasskey(tenantSlug, messages).then(() => window.location.assign(`/${tenantSlug}/staff`), fail);
  }

  function enrol(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const code = new FormData(event.currentTarget).get('code');
    setPending(true);
    setError(null);
    createPasskey(tenantSlug, undefined, messages, { kind: 'staff', code: typeof code === 'string' ? code : '' }).then(
      () => {
        setPending(false);
        setEnrolled(true);
        setStep('confirm');
      },
      fail,
    );
  }

  return (
    <section aria-labelledby="second-factor-heading">
      <h2 id="second-factor-heading">{step === 'enrol' ? t('enrolTitle') : t('title')}</h2>
      {step === 'enrol' ? (
        <form className="form" onSubmit={enrol}>
          <p>{t('enrolBody')}</p>
          <div className="field">
            <label htmlFor="enrolment-code">{t('code')}</label>
            <input
              id="enrolment-code"
              name="code"
              maxLength={40}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              required
              aria-describedby="enrolment-code-hint"
            />
            <p id="enrolment-code-hint" className="muted">
              {t('codeHint')}
            </p>
          </div>
          <FormError message={error} />
          <button className="button" type="submit" disabled={!hydrated || pending}>
            {pending ? t('working') : t('enrol')}
          </button>
        </form>
      ) : (
        <>
          {enrolled ? <p role="status">{t('enrolled')}</p> : <p>{t('confirmBody')}</p>}
          <FormError message={error} />
          <div className="actions">
            <button className="button" type="button" disabled={!hydrated || pending} onClick={confirm}>
              {pending ? t('working') : t('confirm')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
