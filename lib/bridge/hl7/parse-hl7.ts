/**
 * Reading one HL7 v2 message (v2.3 to v2.8, ER7 pipe-delimited) with Medplum's parser (`Hl7Message`
 * from @medplum/core), after the checks a strict interface engine makes: MSH first, the standard
 * encoding characters, well-formed segment names, a control id and a message type we handle. Values
 * are read through `field()` which unescapes HL7 escape sequences.
 */
import { Hl7Message, type Hl7Segment } from '@medplum/core';
import { BridgeRejection } from '../records';

/** The message types the bridge applies (MSH-9.1^MSH-9.2). */
export const SUPPORTED_EVENTS = {
  ADT: ['A04', 'A08', 'A28', 'A31'],
  SIU: ['S12', 'S13', 'S14', 'S15', 'S16', 'S17', 'S23', 'S24', 'S26'],
} as const;

export interface ParsedHl7 {
  message: Hl7Message;
  messageCode: 'ADT' | 'SIU';
  event: string;
  controlId: string;
  /** MSH-7 as written (the sender's clock; compared to order messages about one record). */
  sentAt: string;
  version: string;
  sendingApplication: string;
  sendingFacility: string;
}

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
const ACCEPTED_CHARSETS = new Set(['', 'ASCII', 'UNICODE UTF-8', 'UTF-8', '8859/1']);

/** HL7 escape sequences (\F\ \S\ \T\ \R\ \E\, \X..\ hex) as the characters they stand for. */
export function unescapeHl7(value: string): string {
  return value.replace(/\\(F|S|T|R|E|X[0-9A-Fa-f]+|\.br)\\/g, (_match, code: string) => {
    switch (code) {
      case 'F':
        return '|';
      case 'S':
        return '^';
      case 'T':
        return '&';
      case 'R':
        return '~';
      case 'E':
        return '\\';
      case '.br':
        return '\n';
      default:
        return Buffer.from(code.slice(1), 'hex').toString('utf8');
    }
  });
}

/** A value with HL7 escaping applied: `|`, `^`, `&`, `~` and `\` written as escape sequences. */
export function escapeHl7(value: string): string {
  return value
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/[\r\n]+/g, ' ');
}

/** A component of a segment's field (1-based, as HL7 names them: PID-5.2), unescaped and trimmed. */
export function field(segment: Hl7Segment | undefined, index: number, component = 1, repetition = 0): string {
  if (!segment) return '';
  const value = segment.getComponent(index, component, undefined, repetition) ?? '';
  // `""` is HL7's explicit null.
  return value === '""' ? '' : unescapeHl7(value).trim();
}

/** How many repetitions a field has (0 when empty). */
export function repetitions(segment: Hl7Segment | undefined, index: number): number {
  if (!segment) return 0;
  const text = segment.getField(index).toString();
  return text === '' ? 0 : segment.getField(index).components.length;
}

/** A message's MSH-10, read without trusting the rest (for a NAK of a message that does not parse). */
export function controlIdOf(text: string): string {
  const msh = text.split(/\r\n|\r|\n/)[0] ?? '';
  if (!msh.startsWith('MSH') || msh.length < 4) return '';
  return (msh.split(msh[3] ?? '|')[9] ?? '').slice(0, 64);
}

export function parseHl7(text: string): ParsedHl7 {
  if (text.includes('\uFFFD')) throw new BridgeRejection('encoding', 'MSH-18');
  const normalised = text.replace(/\r\n|\n/g, '\r').replace(/\r+$/, '');
  if (!normalised.startsWith('MSH')) throw new BridgeRejection('malformed', 'MSH');
  if (!normalised.startsWith('MSH|^~\\&')) throw new BridgeRejection('encoding', 'MSH-2');
  const lines = normalised.split('\r');
  lines.forEach((line, index) => {
    if (!SEGMENT_NAME.test(line.slice(0, 3)) || (line.length > 3 && line[3] !== '|'))
      throw new BridgeRejection('malformed', `segment ${index + 1}`);
  });
  let message: Hl7Message;
  try {
    message = Hl7Message.parse(normalised);
  } catch {
    throw new BridgeRejection('malformed', 'MSH');
  }
  const header = message.header;
  const charset = field(header, 18).toUpperCase();
  if (!ACCEPTED_CHARSETS.has(charset)) throw new BridgeRejection('encoding', 'MSH-18');
  const controlId = field(header, 10);
  if (!controlId) throw new BridgeRejection('missingField', 'MSH-10');
  if (controlId.length > 64) throw new BridgeRejection('badValue', 'MSH-10');
  const messageCode = field(header, 9, 1);
  const event = field(header, 9, 2);
  if (messageCode !== 'ADT' && messageCode !== 'SIU') throw new BridgeRejection('unsupportedMessage', 'MSH-9');
  if (!(SUPPORTED_EVENTS[messageCode] as readonly string[]).includes(event))
    throw new BridgeRejection('unsupportedMessage', 'MSH-9');
  const version = field(header, 12);
  if (!/^2\.[3-8](\.\d+)?$/.test(version)) throw new BridgeRejection('unsupportedMessage', 'MSH-12');
  const sentAt = field(header, 7);
  if (!/^\d{8,14}/.test(sentAt)) throw new BridgeRejection('badDate', 'MSH-7');
  return {
    message,
    messageCode,
    event,
    controlId,
    sentAt,
    version,
    sendingApplication: field(header, 3),
    sendingFacility: field(header, 4),
  };
}
