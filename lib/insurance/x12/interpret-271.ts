/**
 * Reads an ASC X12 271 eligibility response (005010X279A1) with node-x12's strict parser and says what
 * it means for the visit:
 *  - AAA segments (request validation, any loop): rejected with the reason code's meaning; codes 42
 *    ("unable to respond at current time") and 80 ("no response received") mean "try later" instead.
 *  - EB01 `1` (active coverage): active, plan from EB05, copay from the first EB01 `B` with an amount
 *    (EB07); EB01 `6`/`7`/`8` without an active EB: inactive; EB01 `V` only: the payer cannot process.
 *  - Anything unparseable, not a 271, for another trace number, or without a single EB or AAA: malformed.
 */
import { X12Parser, type X12Interchange, type X12Segment } from 'node-x12';
import { formatAmount, unknownResult, type EligibilityResult } from '../eligibility-provider';

/** AAA03 reject reason codes (X12 005010X279A1) as short English for patients and staff. */
export const AAA_REASONS: Record<string, string> = {
  '04': 'Authorized quantity exceeded',
  '15': 'Required application data missing',
  '33': 'Input errors',
  '41': 'Authorization or access restrictions',
  '42': 'Unable to respond at current time',
  '43': 'Invalid or missing provider identification',
  '45': 'Invalid or missing provider specialty',
  '47': 'Invalid or missing provider state',
  '48': 'Invalid or missing referring provider identification number',
  '50': 'Provider ineligible for inquiries',
  '51': 'Provider not on file',
  '52': 'Service dates not within provider plan enrollment',
  '56': 'Inappropriate date',
  '57': 'Invalid or missing dates of service',
  '58': 'Invalid or missing date of birth',
  '60': 'Date of birth follows dates of service',
  '61': 'Date of death precedes dates of service',
  '62': 'Date of service not within allowable inquiry period',
  '63': 'Date of service in future',
  '71': 'Patient birth date does not match that for the patient on the database',
  '72': 'Invalid or missing subscriber/insured ID',
  '73': 'Invalid or missing subscriber/insured name',
  '74': 'Invalid or missing subscriber/insured gender code',
  '75': 'Subscriber/insured not found',
  '76': 'Duplicate subscriber/insured ID',
  '78': 'Subscriber/insured not in group/plan identified',
  '79': 'Invalid participant identification',
  '80': 'No response received - transaction terminated',
};

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
    const message = codes.map((code) => AAA_REASONS[code] ?? `Rejected (code ${code || 'none'})`).join('; ');
    return unknownResult(codes.every((code) => RETRY_LATER.has(code)) ? 'unavailable' : 'rejected', message);
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
    return { status: 'active', reason: null, payerMessage: message, planName, copay };
  }
  if (benefits.some((segment) => ['6', '7', '8'].includes(value(segment, 1))))
    return { status: 'inactive', reason: null, payerMessage: message, planName: null, copay: null };
  if (benefits.some((segment) => value(segment, 1) === 'V'))
    return unknownResult('rejected', message ?? 'The payer cannot process this inquiry');
  return unknownResult('malformed');
}
