'use client';

import { FormError } from './form-error';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';

function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export interface StaffLoginFormProps {
  tenantSlug: string;
}

export function StaffLoginForm({ tenantSlug }: StaffLoginFormProps): React.ReactElement {
  const t = useTranslations('staff.login');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('staff', {
      redirect: false,
      tenant: tenantSlug,
      email: textField(form, 'email'),
      password: textField(form, 'password'),
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.replace(`/${tenantSlug}/staff`);
      router.refresh();
    } else {
      setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : t('wrong'));
    }
  }

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <div className="field">
        <label htmlFor="staff-email">{t('email')}</label>
        <input id="staff-email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="staff-password">{t('password')}</label>
        <input id="staff-password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <FormError message={error} />
      <button className="button" type="submit" disabled={pending}>
        {pending ? t('pending') : t('submit')}
      </button>
    </form>
  );
}
