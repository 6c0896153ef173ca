'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'use-intl';
import { waitlistApi } from '@/lib/api/waitlist';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

export interface LeaveWaitlistButtonProps {
  tenantSlug: string;
  entryId: string;
  /** The accessible name: which entry this leaves (several sit on one page). */
  label: string;
}

/** Leaves the waitlist for one entry, then refreshes the list. */
export function LeaveWaitlistButton({ tenantSlug, entryId, label }: LeaveWaitlistButtonProps): React.ReactElement {
  const t = useTranslations('waitlist');
  const router = useRouter();
  const hydrated = useHydrated();
  const leave = useApiMutation(waitlistApi.leave, {
    fallbackMessage: t('error'),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <FormError message={leave.errorMessage} />
      <button
        className="button button--secondary"
        type="button"
        aria-label={label}
        disabled={!hydrated || leave.isPending}
        onClick={() => leave.mutate({ params: { tenant: tenantSlug, id: entryId } })}
      >
        {t('leave')}
      </button>
    </>
  );
}
