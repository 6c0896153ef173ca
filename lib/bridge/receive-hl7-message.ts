/**
 * One HL7 v2 message from a clinic's legacy EHR: parsed, mapped and applied (apply-bridge-record.ts),
 * and the ACK that answers it: AA when applied (or already applied: the same message twice), AE with
 * the reason when quarantined, AR when it is not a message the bridge takes (malformed, wrong encoding
 * characters, an unknown type, another sender). A message that cannot even be parsed is kept too.
 */
import { createHash } from 'node:crypto';
import { applyBridgeRecord, type ApplyOutcome, type InboundRecord } from './apply-bridge-record';
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

/**
 * One HL7 message as an inbound record (its dedupe key, type, order time and mapping), with the MSH-10
 * and event its ACK names. Used for messages as they arrive and for an administrator's retry.
 */
export function hl7Inbound(
  context: BridgeContext,
  text: string,
  receivedAt: Date,
): { input: InboundRecord; controlId: string; event: string } {
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
  const read = parsed;
  return {
    controlId: read?.controlId ?? controlIdOf(text),
    event: read?.event ?? '',
    input: {
      source: 'mllp',
      dedupeKey: read
        ? `hl7:${read.controlId}`
        : `hl7-unread:${createHash('sha256').update(text).digest('hex').slice(0, 40)}`,
      messageType: read ? `${read.messageCode}^${read.event}` : 'unreadable',
      raw: text,
      eventAt: read ? sentAt(read, context.tenant.timeZone) : null,
      receivedAt,
      toRecord: () => {
        if (refusal || !read) throw refusal ?? new BridgeRejection('malformed', 'MSH');
        return recordFromHl7(read, context.tenant.timeZone);
      },
    },
  };
}

/** The ACK for an outcome: AA applied or duplicate, AE quarantined, AR not a message the bridge takes. */
export function ackFor(
  context: BridgeContext,
  message: { controlId: string; event: string },
  outcome: ApplyOutcome,
): string {
  const facility = context.tenant.slug;
  if (outcome.status !== 'quarantined') return buildAck({ ...message, code: 'AA', facility });
  const text = `${outcome.reason}${outcome.field ? ` ${outcome.field}` : ''}`;
  return buildAck({ ...message, code: REFUSED.has(outcome.reason) ? 'AR' : 'AE', text, facility });
}

export async function receiveHl7Message(
  context: BridgeContext,
  text: string,
  options: { receivedAt?: Date } = {},
): Promise<Hl7Answer> {
  const receivedAt = options.receivedAt ?? new Date();
  const { input, controlId, event } = hl7Inbound(context, text, receivedAt);
  const outcome = await applyBridgeRecord(context, input);
  await context.database.clinicBridge.updateMany({
    where: { tenantId: context.tenant.id },
    data: { lastMessageAt: receivedAt },
  });
  return { ack: ackFor(context, { controlId, event }, outcome), outcome: outcome.status };
}
