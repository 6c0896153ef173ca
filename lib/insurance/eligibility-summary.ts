/** The last eligibility result as pages, the board and the API see it (no Prisma types). */
import type { EligibilityCheck } from '@/lib/generated/prisma/client';
import { parsePayerNotice } from '@/lib/i18n/payer-notice';
import type { EligibilityStatus, PayerNotice, UnknownReason } from './eligibility-provider';

export interface EligibilitySummary {
  checkId: string;
  patientId: string;
  coverageId: string;
  /** "" when the check was not for an appointment. */
  appointmentId: string;
  status: EligibilityStatus;
  reason: UnknownReason | null;
  /** The payer's own free text, quoted as it wrote it. */
  payerMessage: string | null;
  /** What the payer answered in codes, for the page to word in the reader's language. */
  payerNotices: PayerNotice[];
  planName: string | null;
  copay: string | null;
  checkedAt: string;
  attempts: number;
  /** When the next automatic retry runs, if one is planned. */
  nextRetryAt: string | null;
}

const STATUSES = new Set<string>(['active', 'inactive', 'unknown']);
const REASONS = new Set<string>(['timeout', 'unavailable', 'malformed', 'rejected', 'not_configured', 'no_coverage']);

export function toEligibilitySummary(row: EligibilityCheck): EligibilitySummary {
  return {
    checkId: row.id,
    patientId: row.patientId,
    coverageId: row.coverageId,
    appointmentId: row.appointmentId,
    status: STATUSES.has(row.status) ? (row.status as EligibilityStatus) : 'unknown',
    reason: row.reason && REASONS.has(row.reason) ? (row.reason as UnknownReason) : null,
    payerMessage: row.payerMessage,
    payerNotices: row.payerNotices.flatMap((stored) => parsePayerNotice(stored) ?? []),
    planName: row.planName,
    copay: row.copay,
    checkedAt: row.checkedAt.toISOString(),
    attempts: row.attempts,
    nextRetryAt: row.nextRetryAt?.toISOString() ?? null,
  };
}
