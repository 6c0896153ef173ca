/**
 * One HL7 v2 message from a clinic's legacy EHR: parsed, mapped and applied (apply-bridge-record.ts),
 * and the ACK that answers it: AA when applied (or already applied: the same message twice), AE with
 * the reason when quarantined, AR when it is not a message the bridge takes (malformed, wrong encoding
 * characters, an unknown type, another sender). A message that cannot even be parsed is kept too.
 */
import { createHash } from 'node:crypto';
import { applyBridgeRecord, type ApplyOutcome } from './apply-bridge-record';
import type { BridgeContext } from './bridge-context';
import { buildAck } from './hl7/build-hl7';
import { recordFromHl7 } from './hl7/hl7-to-records';
import { controlIdOf, parseHl7, type ParsedHl7 } from './hl7/parse-hl7';
import { hl7Instant } from './legacy-dates';
import { BridgeRejection } from './records';

export interface Hl7Answer {
  ack: string;
  outcome: ApplyOutcome['status'];
}

const REFUSED = new Set(['malformed', 'encoding', 'unsupportedMessage']);

function sentAt(parsed: ParsedHl7, timeZone: string): Date | null {
  try {
    return new Date(hl7Instant(parsed.sentAt.slice(0, 14).padEnd(12, '0'), 'MSH-7', timeZone));
  } catch {
    return null;
  }
}

export async function receiveHl7Message(
  context: BridgeContext,
  text: string,
  options: { receivedAt?: Date; retry?: boolean } = {},
): Promise<Hl7Answer> {
  const receivedAt = options.receivedAt ?? new Date();
  const facility = context.tenant.slug;
  let parsed: ParsedHl7 | null = null;
  let refusal: BridgeRejection | null = null;
  try {
    parsed = parseHl7(text);
    const expected = context.settings.sendingFacility;
    if (expected && parsed.sendingFacility !== expected) throw new BridgeRejection('unsupportedMessage', 'MSH-4');
  } catch (error) {
    if (!(error instanceof BridgeRejection)) throw error;
    refusal = error;
  }
  const controlId = parsed?.controlId ?? controlIdOf(text);
  const event = parsed?.event ?? '';
  const dedupeKey = parsed
    ? `hl7:${parsed.controlId}`
    : `hl7-unread:${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
  const messageType = parsed ? `${parsed.messageCode}^${parsed.event}` : 'unreadable';
  const outcome = await applyBridgeRecord(
    context,
    {
      source: 'mllp',
      dedupeKey,
      messageType,
      raw: text,
      eventAt: parsed ? sentAt(parsed, context.tenant.timeZone) : null,
      receivedAt,
      toRecord: () => {
        if (refusal || !parsed) throw refusal ?? new BridgeRejection('malformed', 'MSH');
        return recordFromHl7(parsed, context.tenant.timeZone);
      },
    },
    { retry: options.retry ?? false },
  );
  await context.database.clinicBridge.updateMany({
    where: { tenantId: context.tenant.id },
    data: { lastMessageAt: receivedAt },
  });
  if (outcome.status !== 'quarantined')
    return { ack: buildAck({ controlId, event, code: 'AA', facility }), outcome: outcome.status };
  const reasonText = `${outcome.reason}${outcome.field ? ` ${outcome.field}` : ''}`;
  return {
    ack: buildAck({ controlId, event, code: REFUSED.has(outcome.reason) ? 'AR' : 'AE', text: reasonText, facility }),
    outcome: 'quarantined',
  };
}
