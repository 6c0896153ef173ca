/**
 * Messages the bridge writes: the ACK (AA) or NAK (AE/AR with an ERR segment) that answers each inbound
 * message, and the SIU messages that tell the legacy EHR what the app booked, moved or cancelled.
 */
import { randomBytes } from 'node:crypto';
import type { AppointmentFacts } from '../bridge-target';
import { toHl7Instant } from '../legacy-dates';
import { escapeHl7 } from './parse-hl7';

export const APP_NAME = 'FHIR-SCHEDULING';
const UNSUPPORTED = '200^Unsupported message type^HL70357';
const INTERNAL = '207^Application internal error^HL70357';

export interface AckInput {
  /** MSH-10 of the message answered (empty when it could not be read). */
  controlId: string;
  event: string;
  code: 'AA' | 'AE' | 'AR';
  /** Why, when not accepted: the reason code and the field (`badDate PID-7`). */
  text?: string;
  facility: string;
}

export function newControlId(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`.toUpperCase();
}

export function buildAck(input: AckInput): string {
  const now = toHl7Instant(new Date().toISOString());
  const segments = [
    `MSH|^~\\&|${APP_NAME}|${escapeHl7(input.facility)}|||${now}||` +
      `ACK^${escapeHl7(input.event)}^ACK|${newControlId()}|P|2.5.1`,
    `MSA|${input.code}|${escapeHl7(input.controlId)}${input.text ? `|${escapeHl7(input.text)}` : ''}`,
  ];
  if (input.code !== 'AA')
    segments.push(`ERR|||${input.code === 'AR' ? UNSUPPORTED : INTERNAL}` + `|E||||${escapeHl7(input.text ?? '')}`);
  return segments.join('\r');
}

/** What the receiver answered: MSA-1 and MSA-3. */
export function readAck(text: string): { code: string; controlId: string; text: string } | null {
  const msa = text.split(/\r\n|\r|\n/).find((line) => line.startsWith('MSA|'));
  if (!msa) return null;
  const fields = msa.split('|');
  return { code: fields[1] ?? '', controlId: fields[2] ?? '', text: fields[3] ?? '' };
}

/** An SIU the app sends: the appointment's facts, and the message's own header values. */
export interface OutboundAppointment extends Omit<AppointmentFacts, 'status'> {
  event: 'S12' | 'S13' | 'S15';
  controlId: string;
  facility: string;
  receivingApplication: string;
  receivingFacility: string;
}

const STATUS: Record<OutboundAppointment['event'], string> = { S12: 'Booked', S13: 'Booked', S15: 'Cancelled' };

/** SIU^S12 (booked), S13 (moved) or S15 (cancelled) for one of the app's appointments, HL7 v2.5.1. */
export function buildSiu(input: OutboundAppointment): string {
  const e = escapeHl7;
  const start = toHl7Instant(input.start);
  const end = toHl7Instant(input.end);
  const minutes = Math.max(1, Math.round((Date.parse(input.end) - Date.parse(input.start)) / 60_000));
  const reason = input.event === 'S15' ? input.cancelReason : input.reason;
  const sch = [
    'SCH',
    `${e(input.appointmentId)}^${APP_NAME}`,
    input.fillerId ? e(input.fillerId) : '',
    '',
    '',
    '',
    reason && input.event === 'S15' ? `^${e(reason)}` : '',
    reason && input.event !== 'S15' ? `^${e(reason)}` : '',
    '',
    String(minutes),
    'MIN',
    `^^${minutes}^${start}^${end}`,
    ...Array<string>(13).fill(''),
    STATUS[input.event],
  ];
  const birth = input.birthDate ? input.birthDate.replace(/-/g, '') : '';
  return [
    `MSH|^~\\&|${APP_NAME}|${e(input.facility)}|${e(input.receivingApplication)}|${e(input.receivingFacility)}|` +
      `${toHl7Instant(new Date().toISOString())}||SIU^${input.event}^SIU_S12|${e(input.controlId)}|P|2.5.1`,
    sch.join('|'),
    `PID|1||${e(input.mrn)}^^^^MR||${e(input.family)}^${e(input.given)}||${birth}`,
    `AIS|1||${input.serviceCode ? e(input.serviceCode) : ''}|${start}||${minutes}|MIN`,
    ...(input.practitionerKey ? [`AIP|1||${e(input.practitionerKey)}`] : []),
    ...(input.locationKey ? [`AIL|1||${e(input.locationKey)}`] : []),
  ].join('\r');
}
