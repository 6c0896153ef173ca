/**
 * Reads an ASC X12 271 eligibility response (005010X279A1) with node-x12's strict parser and says what
 * it means for the visit:
 *  - AAA segments (request validation, any loop): rejected with the reject reason codes (AAA03, worded
 *    per language where shown: lib/i18n/payer-notice.ts); codes 42 ("unable to respond at current
 *    time") and 80 ("no response received") mean "try later" instead.
 *  - EB01 `1` (active coverage): active, plan from EB05, copay from the first EB01 `B` with an amount
 *    (EB07); EB01 `6`/`7`/`8` without an active EB: inactive; EB01 `V` only: the payer cannot process.
 *  - Anything unparseable, not a 271, for another trace number, or without a single EB or AAA: malformed.
 */
import { X12Parser, type X12Interchange, type X12Segment } from 'node-x12';
import { formatAmount, unknownResult, type EligibilityResult } from '../eligibility-provider';

const RETRY_LATER = new Set(['42', '80']);

function value(segment: X12Segment, position: number): string {
  return segment.valueOf(position, '') ?? '';
}

export function interpret271(edi: string, expectedTrace?: string): EligibilityResult {
  let interchange: X12Interchange;
  try {
    const parsed = new X12Parser(true).parse(edi.trim());
    if (Array.isArray(parsed)) return unknownResult('malformed');
    interchange = parsed;
  } catch {
    return unknownResult('malformed');
  }
  const transaction = interchange.functionalGroups[0]?.transactions[0];
  if (!transaction || value(transaction.header, 1) !== '271') return unknownResult('malformed');
  const segments = transaction.segments;

  if (expectedTrace) {
    const traces = segments.filter((segment) => segment.tag === 'TRN').map((segment) => value(segment, 2));
    if (traces.length > 0 && !traces.includes(expectedTrace)) return unknownResult('malformed');
  }

  const rejections = segments.filter((segment) => segment.tag === 'AAA');
  if (rejections.length > 0) {
    const codes = rejections.map((segment) => value(segment, 3));
    return unknownResult(codes.every((code) => RETRY_LATER.has(code)) ? 'unavailable' : 'rejected', {
      payerNotices: codes.filter(Boolean).map((code) => ({ kind: 'rejected', rejectReason: code })),
    });
  }

  const benefits = segments.filter((segment) => segment.tag === 'EB');
  const message =
    segments
      .filter((segment) => segment.tag === 'MSG')
      .map((segment) => value(segment, 1))
      .filter(Boolean)
      .join(' ') || null;
  const active = benefits.find((segment) => value(segment, 1) === '1');
  if (active) {
    const planName = value(active, 5) || benefits.map((segment) => value(segment, 5)).find(Boolean) || null;
    const copay =
      benefits
        .filter((segment) => value(segment, 1) === 'B')
        .map((segment) => formatAmount(value(segment, 7)))
        .find((amount) => amount !== null) ?? null;
    return { status: 'active', reason: null, payerMessage: message, payerNotices: [], planName, copay };
  }
  if (benefits.some((segment) => ['6', '7', '8'].includes(value(segment, 1))))
    return { status: 'inactive', reason: null, payerMessage: message, payerNotices: [], planName: null, copay: null };
  if (benefits.some((segment) => value(segment, 1) === 'V'))
    return unknownResult('rejected', { payerMessage: message, payerNotices: [{ kind: 'cannot_process' }] });
  return unknownResult('malformed');
}
