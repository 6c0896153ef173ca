'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { FormError } from './form-error';
import { useHydrated } from './use-hydrated';

export interface CancelAppointmentProps {
  tenantSlug: string;
  appointmentId: string;
}

/** Cancel with an optional reason, after a second, explicit confirmation. */
export function CancelAppointment({ tenantSlug, appointmentId }: CancelAppointmentProps): React.ReactElement {
  const t = useTranslations('booking');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const reason = new FormData(event.currentTarget).get('reason');
    setPending(true);
    const response = await fetch(`/api/${tenantSlug}/appointments/${appointmentId}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: typeof reason === 'string' && reason.trim() ? reason : undefined }),
    }).catch(() => null);
    setPending(false);
    if (response?.ok) {
      router.refresh();
      return;
    }
    const body = (await response?.json().catch(() => null)) as { error?: { message: string } } | null;
    setError(body?.error?.message ?? t('error'));
  }

  if (!open) {
    return (
      <button className="button button--secondary" type="button" disabled={!hydrated} onClick={() => setOpen(true)}>
        {t('cancel')}
      </button>
    );
  }
  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor="cancel-reason">{t('cancelReason')}</label>
        <textarea id="cancel-reason" name="reason" maxLength={500} rows={2} />
      </div>
      <FormError message={error} />
      <button className="button" type="submit" disabled={pending}>
        {t('confirmCancel')}
      </button>
    </form>
  );
}
