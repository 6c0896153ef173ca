'use client';

import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { passkeysApi, staffPasskeysApi } from '@/lib/api/passkeys';
import type { ListedPasskey } from '@/lib/server/listed-passkeys';
import { toApiError } from '@/lib/api/client';
import { FormError } from './form-error';
import { createPasskey, SupersededCeremony, type PasskeyAccount } from './passkey-ceremony';
import { latestErrorMessage, useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

export interface PasskeyListProps {
  tenantSlug: string;
  passkeys: ListedPasskey[];
  /**
   * Whose: the signed-in patient's (default), or a staff member's (who adds one with an enrolment code
   * until they passed their passkey step).
   */
  owner?: { kind: 'patient' } | { kind: 'staff'; needsCode: boolean };
}

/** An account's passkeys: each with its name and last use, removable; and adding one on this device. */
export function PasskeyList({
  tenantSlug,
  passkeys,
  owner = { kind: 'patient' },
}: PasskeyListProps): React.ReactElement {
  const t = useTranslations('passkeys');
  const codeLabel = useTranslations('staff.security')('codeLabel');
  const router = useRouter();
  const hydrated = useHydrated();
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const [added, setAdded] = useState(false);
  // Removing one ends every session of the account, this one too: sign out and leave.
  const remove = useApiMutation(owner.kind === 'staff' ? staffPasskeysApi.remove : passkeysApi.remove, {
    fallbackMessage: t('failed'),
    onSuccess: () => signOut({ callbackUrl: `/${tenantSlug}` }),
  });
  const error = latestErrorMessage(remove) ?? addError;

  function onAdd(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const value = fields.get('name');
    const name = typeof value === 'string' && value.trim() ? value.trim() : undefined;
    const code = fields.get('code');
    const account: PasskeyAccount =
      owner.kind === 'staff' ? { kind: 'staff', code: typeof code === 'string' && code ? code : undefined } : owner;
    const form = event.currentTarget;
    setAdding(true);
    setAdded(false);
    setAddError(null);
    createPasskey(tenantSlug, name, { failed: t('failed'), cancelled: t('cancelled') }, account).then(
      () => {
        setAdding(false);
        setAdded(true);
        form.reset();
        router.refresh();
      },
      (failure: unknown) => {
        setAdding(false);
        if (!(failure instanceof SupersededCeremony)) setAddError(toApiError(failure, t('failed')).message);
      },
    );
  }

  return (
    <>
      <p>{t('listHint')}</p>
      {passkeys.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="passkey-list">
          {passkeys.map((passkey) => (
            <li key={passkey.id}>
              <strong>{passkey.label}</strong>
              <span className="muted">
                {' · '}
                {t('added', { date: passkey.added })}
                {' · '}
                {passkey.lastUsed ? t('lastUsed', { date: passkey.lastUsed }) : t('neverUsed')}
                {passkey.synced ? ` · ${t('synced')}` : ''}
              </span>{' '}
              <button
                className="button button--secondary"
                type="button"
                aria-label={t('removeNamed', { name: passkey.label })}
                disabled={!hydrated || remove.isPending}
                onClick={() => remove.mutate({ params: { tenant: tenantSlug, id: passkey.id } })}
              >
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {added ? <p role="status">{t('addedStatus')}</p> : null}
      <FormError message={error} />
      {hydrated && !browserSupportsWebAuthn() ? (
        <p className="muted">{t('unsupported')}</p>
      ) : (
        <form className="form" onSubmit={onAdd}>
          {owner.kind === 'staff' && owner.needsCode ? (
            <div className="field">
              <label htmlFor="passkey-code">{codeLabel}</label>
              <input id="passkey-code" name="code" maxLength={40} autoComplete="one-time-code" required />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="passkey-name">{t('nameLabel')}</label>
            <input
              id="passkey-name"
              name="name"
              maxLength={60}
              autoComplete="off"
              aria-describedby="passkey-name-hint"
            />
            <p id="passkey-name-hint" className="muted">
              {t('nameHint')}
            </p>
          </div>
          <button className="button button--secondary" type="submit" disabled={!hydrated || adding}>
            {adding ? t('working') : t('add')}
          </button>
        </form>
      )}
    </>
  );
}
