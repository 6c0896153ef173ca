'use client';

import { useTranslations } from 'use-intl';

export type EligibilityBadgeStatus = 'active' | 'inactive' | 'unknown' | null;

/**
 * The last eligibility result in one word ("Insurance: Active"), for the appointment card and the
 * front-desk board. `null` means never checked. Presentational: pass the status from
 * lib/insurance/list-eligibility-summaries.ts.
 */
export function EligibilityBadge({ status }: { status: EligibilityBadgeStatus }): React.ReactElement {
  const t = useTranslations('insurance');
  const word = status ? t(status) : t('notChecked');
  return (
    <span className={`eligibility-badge eligibility-badge--${status ?? 'none'}`} data-eligibility={status ?? 'none'}>
      {t('badge', { status: word })}
    </span>
  );
}
