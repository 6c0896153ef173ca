'use client';

import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { FormError } from './form-error';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The token travels in the link's fragment: browsers never send it to a server or put it in logs. */
function useFragmentToken(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => decodeURIComponent(window.location.hash.slice(1)),
    () => null,
  );
}

export interface QrLoginFormProps {
  tenantSlug: string;
}

/** Opened from the QR code's link: asks for the date of birth and signs in with the link's token. */
export function QrLoginForm({ tenantSlug }: QrLoginFormProps): React.ReactElement {
  const t = useTranslations('qrLogin');
  const router = useRouter();
  const token = useFragmentToken();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const birthDate = new FormData(event.currentTarget).get('birthDate');
    if (!token || typeof birthDate !== 'string') return;
    setPending(true);
    setError(null);
    void signIn('patient-qr', { redirect: false, tenant: tenantSlug, token, birthDate })
      .catch(() => null)
      .then((result) => {
        if (result?.ok && !result.error) {
          router.replace(`/${tenantSlug}/me`);
          router.refresh();
          return;
        }
        setPending(false);
        setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : t('failed'));
      });
  }

  if (token === null) return <p className="muted">{t('loading')}</p>;
  if (token === '') {
    return (
      <>
        <p>{t('noToken')}</p>
        <p>
          <Link href={`/${tenantSlug}/login`}>{t('useMrn')}</Link>
        </p>
      </>
    );
  }
  return (
    <form className="form" onSubmit={onSubmit}>
      <p>{t('askBirthDate')}</p>
      <div className="field">
        <label htmlFor="qr-birth-date">{t('birthDate')}</label>
        <input id="qr-birth-date" name="birthDate" type="date" autoComplete="bday" required />
      </div>
      <FormError message={error} />
      <button className="button" type="submit" disabled={pending}>
        {pending ? t('working') : t('submit')}
      </button>
      <p>
        <Link href={`/${tenantSlug}/login`}>{t('useMrn')}</Link>
      </p>
    </form>
  );
}
