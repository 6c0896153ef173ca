'use client';

import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import { toApiError } from '@/lib/api/client';
import { FormError } from './form-error';
import { signInWithPasskey, SupersededCeremony } from './passkey-ceremony';
import { useHydrated } from './use-hydrated';

export interface PasskeySignInButtonProps {
  tenantSlug: string;
  /** Where to go after signing in (a path of this clinic); the patient's home by default. */
  returnTo?: string | undefined;
  /** Also offer the passkeys through the browser's autofill on the page's `webauthn` field, where supported. */
  autofill?: boolean;
}

/** "Sign in with a passkey": one tap on a device that has one; nothing shown where passkeys cannot work. */
export function PasskeySignInButton({
  tenantSlug,
  returnTo,
  autofill = false,
}: PasskeySignInButtonProps): React.ReactElement | null {
  const t = useTranslations('passkeys');
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const messages = { failed: t('failed'), cancelled: t('cancelled') };

  function run(withAutofill: boolean): void {
    if (!withAutofill) setPending(true);
    setError(null);
    signInWithPasskey(tenantSlug, { autofill: withAutofill }, messages).then(
      () => {
        setPending(true);
        router.replace(returnTo ?? `/${tenantSlug}/me`);
        router.refresh();
      },
      (failure: unknown) => {
        if (failure instanceof SupersededCeremony) return;
        setPending(false);
        // A dismissed autofill prompt is not an error; a refused passkey is.
        if (withAutofill && toApiError(failure, '').code === 'cancelled') return;
        setError(toApiError(failure, messages.failed).message);
      },
    );
  }

  useEffect(() => {
    if (!autofill) return undefined;
    let active = true;
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (supported && active) run(true);
    });
    return () => {
      active = false;
      WebAuthnAbortService.cancelCeremony();
    };
    // Once per page: a new autofill request would abort the running one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autofill, tenantSlug]);

  if (!hydrated || !browserSupportsWebAuthn()) return null;
  return (
    <div className="passkey-sign-in">
      <button
        className="button"
        type="button"
        disabled={pending}
        onClick={() => run(false)}
        aria-describedby="passkey-sign-in-hint"
      >
        {pending ? t('working') : t('signIn')}
      </button>
      <p id="passkey-sign-in-hint" className="muted">
        {t('signInHint')}
      </p>
      <FormError message={error} />
    </div>
  );
}
