'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { bookingApi } from '@/lib/api/booking';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
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
  const hydrated = useHydrated();
  const cancel = useApiMutation(bookingApi.cancel, {
    fallbackMessage: t('error'),
    onSuccess: () => router.refresh(),
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const reason = new FormData(event.currentTarget).get('reason');
    cancel.mutate({
      params: { tenant: tenantSlug, id: appointmentId },
      body: { reason: typeof reason === 'string' && reason.trim() ? reason : undefined },
    });
  }

  if (!open) {
    return (
      <button className="button button--secondary" type="button" disabled={!hydrated} onClick={() => setOpen(true)}>
        {t('cancel')}
      </button>
    );
  }
  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="cancel-reason">{t('cancelReason')}</label>
        <textarea id="cancel-reason" name="reason" maxLength={500} rows={2} />
      </div>
      <FormError message={cancel.errorMessage} />
      <div className="actions">
        <button className="button button--danger" type="submit" disabled={cancel.isPending}>
          {t('confirmCancel')}
        </button>
        <button
          className="button button--secondary"
          type="button"
          disabled={cancel.isPending}
          onClick={() => {
            cancel.reset();
            setOpen(false);
          }}
        >
          {t('keep')}
        </button>
      </div>
    </form>
  );
}
