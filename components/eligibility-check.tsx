'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { EligibilityBadge, type EligibilityBadgeStatus } from './eligibility-badge';
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
  const hydrated = useHydrated();
  const [current, setCurrent] = useState<EligibilityBadgeStatus>(status);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function check(): Promise<void> {
    setPending(true);
    setMessage(null);
    const response = await fetch(`/api/${tenantSlug}/desk/eligibility`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentId }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as {
      eligibility?: { status: 'active' | 'inactive' | 'unknown'; payerMessage: string | null } | null;
      error?: { message: string };
    } | null;
    setPending(false);
    if (response?.ok) {
      setCurrent(body?.eligibility?.status ?? null);
      setMessage(body?.eligibility?.payerMessage ?? (body?.eligibility ? null : t('none')));
      return;
    }
    setMessage(body?.error?.message ?? t('failed'));
  }

  return (
    <span className="eligibility-check">
      <EligibilityBadge status={current} />{' '}
      <button
        className="button button--small button--secondary"
        type="button"
        disabled={!hydrated || pending}
        onClick={() => void check()}
        aria-label={patientName ? t('checkNowFor', { name: patientName }) : undefined}
      >
        {pending ? t('checking') : t('checkNow')}
      </button>
      <span role="status">{message}</span>
    </span>
  );
}
