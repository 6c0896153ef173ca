'use client';

import { useLocale, useTranslations } from 'use-intl';
import { formatCopay, payerNoticeMessage, type PayerNotice } from '@/lib/i18n/payer-notice';
import { EligibilityBadge } from './eligibility-badge';

/** What the browser gets of an eligibility result (lib/insurance/eligibility-summary.ts). */
export interface EligibilityResultView {
  status: 'active' | 'inactive' | 'unknown';
  reason: 'timeout' | 'unavailable' | 'malformed' | 'rejected' | 'not_configured' | 'no_coverage' | null;
  payerMessage: string | null;
  payerNotices: PayerNotice[];
  planName: string | null;
  copay: string | null;
  checkedAt: string;
  nextRetryAt: string | null;
}

const REASON_KEYS = {
  timeout: 'reasonTimeout',
  unavailable: 'reasonUnavailable',
  malformed: 'reasonMalformed',
  rejected: 'reasonRejected',
  not_configured: 'reasonNotConfigured',
  no_coverage: 'reasonNoCoverage',
} as const;

/** A payer's coded answer in the reader's language ("Subscriber/insured not found."). */
export function usePayerNoticeText(): (notice: PayerNotice) => string {
  const t = useTranslations('insurance');
  return (notice) => {
    const message = payerNoticeMessage(notice);
    return message.values ? t(message.key, message.values) : t(message.key);
  };
}

/** The last check stated plainly: status, what the payer answered, plan, copay, when, and the next try. */
export function EligibilityResult({
  result,
  timeZone,
}: {
  result: EligibilityResultView | null;
  timeZone: string;
}): React.ReactElement {
  const t = useTranslations('insurance');
  const locale = useLocale();
  const noticeText = usePayerNoticeText();
  const when = (instant: string): string =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(instant));
  if (!result) {
    return (
      <div className="eligibility-result">
        <p>
          <EligibilityBadge status={null} />
        </p>
      </div>
    );
  }
  return (
    <div className="eligibility-result">
      <p>
        <EligibilityBadge status={result.status} />
      </p>
      {result.reason ? <p>{t(REASON_KEYS[result.reason])}</p> : null}
      {result.status === 'inactive' ? <p>{t('inactiveHelp')}</p> : null}
      {result.payerNotices.map((notice) => (
        <p key={JSON.stringify(notice)}>{t('noticeLine', { notice: noticeText(notice) })}</p>
      ))}
      {result.payerMessage ? <p>{t('payerSays', { message: result.payerMessage })}</p> : null}
      {result.planName ? <p>{t('plan', { plan: result.planName })}</p> : null}
      {result.copay ? <p>{t('copay', { copay: formatCopay(result.copay, locale) })}</p> : null}
      <p className="muted">{t('checkedAt', { when: when(result.checkedAt) })}</p>
      {result.status === 'unknown' && result.nextRetryAt ? (
        <p className="muted">{t('willRetry', { when: when(result.nextRetryAt) })}</p>
      ) : null}
    </div>
  );
}
