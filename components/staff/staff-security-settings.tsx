'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { staffPasskeysApi } from '@/lib/api/passkeys';
import { FormError } from '../form-error';
import { latestErrorMessage, useApiMutation } from '../use-api-mutation';
import { useHydrated } from '../use-hydrated';

export interface ListedStaffMember {
  id: string;
  displayName: string;
  role: string;
  passkeys: number;
  /** "last used …", already formatted, or null. */
  lastUse: string | null;
  codeWaiting: boolean;
  you: boolean;
}

export interface StaffSecuritySettingsProps {
  tenantSlug: string;
  passkeysRequiredFor: 'admins' | 'everyone';
  members: ListedStaffMember[];
}

/**
 * An administrator's passkey controls: who must use one after the password, and for each colleague
 * the recovery path (their passkeys removed, their sessions ended, a one-time enrolment code shown
 * once here to hand over).
 */
export function StaffSecuritySettings({
  tenantSlug,
  passkeysRequiredFor,
  members,
}: StaffSecuritySettingsProps): React.ReactElement {
  const t = useTranslations('staff.security');
  const router = useRouter();
  const hydrated = useHydrated();
  const [saved, setSaved] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const save = useApiMutation(staffPasskeysApi.setSecurity, {
    fallbackMessage: t('failed'),
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const reset = useApiMutation(staffPasskeysApi.resetMember, {
    fallbackMessage: t('failed'),
    onSuccess: (answer, input) => {
      const member = members.find((candidate) => candidate.id === input.params.id);
      const date = new Date(answer.expiresAt).toLocaleDateString(document.documentElement.lang || undefined);
      setIssued(t('codeIssued', { name: member?.displayName ?? '', code: answer.code, date }));
      router.refresh();
    },
  });

  function onSave(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('passkeysRequiredFor');
    setSaved(false);
    save.mutate({
      params: { tenant: tenantSlug },
      body: { passkeysRequiredFor: value === 'everyone' ? 'everyone' : 'admins' },
    });
  }

  return (
    <>
      <form className="form" onSubmit={onSave}>
        <fieldset className="field">
          <legend>{t('clinicRule')}</legend>
          {(['admins', 'everyone'] as const).map((choice) => (
            <label className="choice" key={choice}>
              <input
                type="radio"
                name="passkeysRequiredFor"
                value={choice}
                defaultChecked={passkeysRequiredFor === choice}
              />{' '}
              {t(choice)}
            </label>
          ))}
        </fieldset>
        <FormError message={latestErrorMessage(save)} />
        {saved ? <p role="status">{t('saved')}</p> : null}
        <button className="button button--secondary" type="submit" disabled={!hydrated || save.isPending}>
          {t('save')}
        </button>
      </form>

      <h3>{t('members')}</h3>
      <p className="muted">{t('resetIntro')}</p>
      {issued ? (
        <p role="status">
          <strong>{issued}</strong>
        </p>
      ) : null}
      <FormError message={latestErrorMessage(reset)} />
      <ul className="passkey-list">
        {members.map((member) => (
          <li key={member.id}>
            <strong>{member.displayName}</strong>
            <span className="muted">
              {' · '}
              {member.role}
              {' · '}
              {t('memberPasskeys', { count: member.passkeys })}
              {member.lastUse ? ` · ${member.lastUse}` : ''}
              {member.codeWaiting ? ` · ${t('codeWaiting')}` : ''}
              {member.you ? ` · ${t('you')}` : ''}
            </span>{' '}
            {member.you ? null : (
              <button
                className="button button--secondary"
                type="button"
                aria-label={t('resetNamed', { name: member.displayName })}
                disabled={!hydrated || reset.isPending}
                onClick={() => {
                  setIssued(null);
                  reset.mutate({ params: { tenant: tenantSlug, id: member.id } });
                }}
              >
                {t('reset')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
