/**
 * What a payer answered in codes, as the app words it for patients and staff in their language (the
 * catalogues' `insurance.notice` section): never sentences built in lib/. The payer's own free text
 * (an X12 MSG segment, a FHIR disposition) is a separate thing, quoted as the payer wrote it.
 * Stored on an eligibility check as strings (`aaa:75`, `cannot_process`, `request_refused`). A copay
 * travels as a decimal string and is shown as money in the reader's language.
 */

/** X12 AAA03 reject reason codes (005010X279A1) with a message of their own; any other is "code NN". */
export const AAA_REJECT_REASONS = [
  '04',
  '15',
  '33',
  '41',
  '42',
  '43',
  '45',
  '47',
  '48',
  '50',
  '51',
  '52',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '78',
  '79',
  '80',
] as const;
export type AaaRejectReason = (typeof AAA_REJECT_REASONS)[number];

export type PayerNotice =
  /** An X12 AAA segment: the payer or clearinghouse refused the inquiry for this reason code. */
  | { kind: 'rejected'; rejectReason: string }
  /** X12 EB01 `V`: the payer cannot process the inquiry. */
  | { kind: 'cannot_process' }
  /** The payer's FHIR endpoint refused the request (HTTP 400/422). */
  | { kind: 'request_refused' };

export function storedPayerNotice(notice: PayerNotice): string {
  return notice.kind === 'rejected' ? `aaa:${notice.rejectReason}` : notice.kind;
}

/** A stored notice read back; null for anything else (never trusted to be well formed). */
export function parsePayerNotice(stored: string): PayerNotice | null {
  if (stored === 'cannot_process' || stored === 'request_refused') return { kind: stored };
  const match = /^aaa:([0-9A-Z]{1,3})$/.exec(stored);
  return match?.[1] ? { kind: 'rejected', rejectReason: match[1] } : null;
}

function isAaaRejectReason(code: string): code is AaaRejectReason {
  return (AAA_REJECT_REASONS as readonly string[]).includes(code);
}

/** The notice's message in the catalogues' `insurance` section, with its values. */
export function payerNoticeMessage(
  notice: PayerNotice,
):
  | { key: `notice.aaa${AaaRejectReason}` | 'notice.cannotProcess' | 'notice.requestRefused'; values?: undefined }
  | { key: 'notice.aaaOther'; values: { code: string } } {
  switch (notice.kind) {
    case 'rejected':
      return isAaaRejectReason(notice.rejectReason)
        ? { key: `notice.aaa${notice.rejectReason}` }
        : { key: 'notice.aaaOther', values: { code: notice.rejectReason } };
    case 'cannot_process':
      return { key: 'notice.cannotProcess' };
    case 'request_refused':
      return { key: 'notice.requestRefused' };
  }
}

/**
 * A copay as money in the reader's language as it is written in the United States, where payers state
 * US dollars ("$25.00" in English and in US Spanish, "US$25.00" in Chinese).
 */
export function formatCopay(copay: string, locale: string): string {
  return new Intl.NumberFormat(`${locale}-US`, { style: 'currency', currency: 'USD' }).format(Number(copay));
}
