'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { insuranceApi } from '@/lib/api/insurance';
import { EligibilityBadge, type EligibilityBadgeStatus } from './eligibility-badge';
import { usePayerNoticeText } from './eligibility-result';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

/**
 * The badge plus a "Check insurance" button for the front desk: asks
 * `POST /api/{tenant}/desk/eligibility` for one appointment and shows the new status (a failed check
 * comes back as "unknown", never as an error that blocks the desk).
 */
export function EligibilityCheck({
  tenantSlug,
  appointmentId,
  status,
  patientName,
}: {
  tenantSlug: string;
  appointmentId: string;
  status: EligibilityBadgeStatus;
  patientName?: string | undefined;
}): React.ReactElement {
  const t = useTranslations('insurance');
  const noticeText = usePayerNoticeText();
  const board = useTranslations('board');
  const hydrated = useHydrated();
  const [current, setCurrent] = useState<EligibilityBadgeStatus>(status);
  const [message, setMessage] = useState<string | null>(null);
  const check = useApiMutation(insuranceApi.deskEligibility, {
    fallbackMessage: t('failed'),
    onSuccess: ({ eligibility }) => {
      setCurrent(eligibility?.status ?? null);
      if (!eligibility) return setMessage(t('none'));
      // What the payer answered: its coded answer in the reader's language, else its own words.
      const [notice] = eligibility.payerNotices;
      setMessage(notice ? noticeText(notice) : eligibility.payerMessage);
    },
    onError: (error) => setMessage(error.message),
  });

  return (
    <span className="eligibility-check">
      <EligibilityBadge status={current} />{' '}
      <button
        className="button button--small button--secondary"
        type="button"
        disabled={!hydrated || check.isPending}
        onClick={() => {
          setMessage(null);
          check.mutate({ params: { tenant: tenantSlug }, body: { appointmentId } });
        }}
        aria-label={
          patientName
            ? board('actionFor', { action: check.isPending ? t('checking') : t('checkNow'), name: patientName })
            : undefined
        }
      >
        {check.isPending ? t('checking') : t('checkNow')}
      </button>
      <span role="status">{message}</span>
    </span>
  );
}
