/**
 * The port through which the app asks a payer whether a patient's coverage is in force. Clinics reach
 * payers in different ways: a payer's FHIR endpoint (CoverageEligibilityRequest/Response,
 * https://hl7.org/fhir/R4/coverageeligibilityrequest.html) or a clearinghouse speaking ASC X12 270/271
 * (005010X279A1). Each is an adapter behind this interface (lib/insurance/fhir, lib/insurance/x12),
 * chosen per clinic by `insuranceSettings.eligibility.kind` in get-eligibility-provider.ts.
 *
 * Vendor-neutral: no FHIR or X12 types cross this line. An adapter never throws for an answer it
 * could not get (timeout, refusal, garbage, endpoint down): it returns `unknown` with a reason, so
 * that a failed check never blocks booking and the caller can plan a retry.
 */

import type { PayerNotice } from '@/lib/i18n/payer-notice';

export type { PayerNotice } from '@/lib/i18n/payer-notice';

export type EligibilityStatus = 'active' | 'inactive' | 'unknown';

/**
 * Why a result is unknown. `timeout`, `unavailable` and `malformed` are worth retrying; `rejected`
 * (X12 AAA, FHIR error outcome) usually means the data is wrong, and is retried less eagerly.
 */
export type UnknownReason = 'timeout' | 'unavailable' | 'malformed' | 'rejected' | 'not_configured' | 'no_coverage';

export interface EligibilityQuery {
  /** The clinic's payer id (X12 payer id), e.g. "BPHP1", and its record in the EHR (Organization id). */
  payer: { payerId: string; name: string; ehrPayerId: string };
  memberId: string;
  groupNumber: string | null;
  relationship: 'self' | 'spouse' | 'child' | 'other';
  /** The covered person. */
  patient: {
    id: string;
    given: string;
    family: string;
    birthDate: string | null;
    gender: 'female' | 'male' | 'other' | 'unknown' | null;
  };
  /** The subscriber when not the patient (e.g. a guardian). */
  subscriber?: { id: string; given: string; family: string; birthDate: string | null } | undefined;
  /** The EHR's coverage id, for adapters that can reference it. */
  coverageId: string;
  /** Date of service (YYYY-MM-DD): the appointment day, or today. */
  serviceDate: string;
  /** Unique per check, sent as the trace number / request identifier. */
  traceId: string;
}

export interface EligibilityResult {
  status: EligibilityStatus;
  /** Set when status is unknown. */
  reason: UnknownReason | null;
  /** The payer's own free text (an X12 MSG, a FHIR disposition or error text), if any; never the app's words. */
  payerMessage: string | null;
  /** What the payer answered in codes (an X12 AAA reject reason, ...), worded per language where shown. */
  payerNotices: PayerNotice[];
  planName: string | null;
  /** Copay as a decimal string in the payer's currency (USD for X12), e.g. "25.00". */
  copay: string | null;
}

export interface EligibilityProvider {
  /** Which adapter this is, for logs and audit detail. */
  readonly kind: 'fhir' | 'x12';
  /** Asks the payer; never throws for the payer's failures (see the file comment). */
  check(query: EligibilityQuery): Promise<EligibilityResult>;
}

/** A result the adapter could not get, with what the payer said about it, if anything. */
export function unknownResult(
  reason: UnknownReason,
  said: { payerMessage?: string | null; payerNotices?: PayerNotice[] } = {},
): EligibilityResult {
  return {
    status: 'unknown',
    reason,
    payerMessage: said.payerMessage ?? null,
    payerNotices: said.payerNotices ?? [],
    planName: null,
    copay: null,
  };
}

/** Formats an amount as the two-decimal string results carry. */
export function formatAmount(value: number | string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) && number >= 0 ? number.toFixed(2) : null;
}
