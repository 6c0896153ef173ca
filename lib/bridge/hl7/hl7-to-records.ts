/**
 * ADT and SIU messages as bridge records (lib/bridge/records.ts). ADT A04/A08/A28/A31: the patient of
 * PID (MRN from PID-3 type MR, name, birth date, sex, address, phones and email, language) and the
 * guardians of NK1 where they carry an MRN (NK1-33). SIU S12-S17, S26: the appointment of SCH/AIS/AIP/
 * AIL; S23/S24: slots blocked or opened. A value in a wrong format refuses the whole message.
 */
import type { Hl7Segment } from '@medplum/core';
import { compactMrn } from '@/lib/scheduling/mrn';
import { hl7Date, hl7Instant } from '../legacy-dates';
import {
  BridgeRejection,
  type AppointmentAction,
  type AppointmentRecord,
  type BridgeRecord,
  type GuardianRecord,
  type PatientRecord,
  type SlotRecord,
} from '../records';
import { field, repetitions, type ParsedHl7 } from './parse-hl7';

const SEX: Record<string, PatientRecord['gender']> = { M: 'male', F: 'female', O: 'other', A: 'other', U: 'unknown' };

/** ISO 639-2 codes legacy systems send, as the two-letter codes the app uses. */
const LANGUAGES: Record<string, string> = {
  ENG: 'en',
  SPA: 'es',
  CHI: 'zh',
  ZHO: 'zh',
  VIE: 'vi',
  KOR: 'ko',
  RUS: 'ru',
  ARA: 'ar',
  FRE: 'fr',
  FRA: 'fr',
  POL: 'pl',
  TGL: 'tl',
  HAT: 'ht',
  POR: 'pt',
};

/** HL7 table 0063 (relationship) -> the v3-RoleCode the app links guardians by. */
const GUARDIAN_RELATIONSHIPS: Record<string, GuardianRecord['relationship']> = {
  GRD: 'GUARD',
  GUARD: 'GUARD',
  MTH: 'MTH',
  FTH: 'FTH',
  PAR: 'PRN',
  PRN: 'PRN',
};

const ACTIONS: Record<string, AppointmentAction> = {
  S12: 'book',
  S13: 'move',
  S14: 'modify',
  S15: 'cancel',
  S16: 'discontinue',
  S17: 'delete',
  S26: 'noshow',
};

function required(segment: Hl7Segment | undefined, name: string): Hl7Segment {
  if (!segment) throw new BridgeRejection('missingField', name);
  return segment;
}

function mrnOf(pid: Hl7Segment): string {
  const count = Math.max(1, repetitions(pid, 3));
  let fallback = '';
  for (let index = 0; index < count; index += 1) {
    const value = field(pid, 3, 1, index);
    if (!value) continue;
    if (field(pid, 3, 5, index).toUpperCase() === 'MR') return checkedMrn(value);
    fallback ||= value;
  }
  if (!fallback) throw new BridgeRejection('missingField', 'PID-3');
  return checkedMrn(fallback);
}

function checkedMrn(value: string): string {
  const mrn = compactMrn(value);
  if (!/^[A-Za-z0-9]{3,40}$/.test(mrn)) throw new BridgeRejection('badValue', 'PID-3');
  return mrn;
}

function language(pid: Hl7Segment): string | null {
  const code = field(pid, 15, 1);
  if (!code) return null;
  const mapped = LANGUAGES[code.toUpperCase()] ?? code.toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(mapped)) throw new BridgeRejection('badValue', 'PID-15');
  return mapped;
}

function contacts(pid: Hl7Segment): { phones: string[]; emails: string[] } {
  const phones: string[] = [];
  const emails: string[] = [];
  for (const index of [13, 14]) {
    for (let repetition = 0; repetition < repetitions(pid, index); repetition += 1) {
      const equipment = field(pid, index, 3, repetition).toUpperCase();
      const email = field(pid, index, 4, repetition);
      if (email || equipment === 'INTERNET' || field(pid, index, 2, repetition).toUpperCase() === 'NET') {
        if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new BridgeRejection('badValue', `PID-${index}`);
        if (email) emails.push(email);
        continue;
      }
      const area = field(pid, index, 6, repetition);
      const local = field(pid, index, 7, repetition);
      const number = area || local ? `${area}${local}` : field(pid, index, 1, repetition);
      const digits = number.replace(/[^\d+]/g, '');
      if (!digits) continue;
      if (digits.replace(/\D/g, '').length < 7) throw new BridgeRejection('badValue', `PID-${index}`);
      phones.push(digits);
    }
  }
  return { phones, emails };
}

function guardians(segments: Hl7Segment[]): GuardianRecord[] {
  const result: GuardianRecord[] = [];
  for (const nk1 of segments) {
    const relationship = GUARDIAN_RELATIONSHIPS[field(nk1, 3, 1).toUpperCase()];
    const mrn = field(nk1, 33, 1);
    if (!relationship || !mrn) continue;
    if (!/^[A-Za-z0-9-]{3,40}$/.test(mrn)) throw new BridgeRejection('badValue', 'NK1-33');
    result.push({ mrn: mrn.replace(/-/g, ''), relationship });
  }
  return result;
}

export function patientFromAdt(parsed: ParsedHl7): PatientRecord {
  const pid = required(parsed.message.getSegment('PID'), 'PID');
  const family = field(pid, 5, 1);
  if (!family) throw new BridgeRejection('missingField', 'PID-5');
  const given = [field(pid, 5, 2), field(pid, 5, 3)].filter(Boolean);
  const birth = field(pid, 7);
  const sex = field(pid, 8).toUpperCase();
  if (sex && !SEX[sex]) throw new BridgeRejection('badValue', 'PID-8');
  const line1 = field(pid, 11, 1);
  const line2 = field(pid, 11, 2);
  const city = field(pid, 11, 3);
  const state = field(pid, 11, 4);
  const postalCode = field(pid, 11, 5);
  return {
    kind: 'patient',
    mrn: mrnOf(pid),
    family,
    given,
    birthDate: birth ? hl7Date(birth, 'PID-7') : null,
    gender: sex ? (SEX[sex] ?? null) : null,
    ...contacts(pid),
    address:
      line1 || city || postalCode
        ? {
            lines: [line1, line2].filter(Boolean),
            city: city || null,
            state: state || null,
            postalCode: postalCode || null,
          }
        : null,
    language: language(pid),
    guardians: guardians(parsed.message.getAllSegments('NK1')),
  };
}

function timing(parsed: ParsedHl7, timeZone: string): { start: string; end: string } {
  const sch = parsed.message.getSegment('SCH');
  const ais = parsed.message.getSegment('AIS');
  const startText = field(sch, 11, 4) || field(ais, 4);
  if (!startText) throw new BridgeRejection('missingField', 'SCH-11.4');
  const start = hl7Instant(startText, field(sch, 11, 4) ? 'SCH-11.4' : 'AIS-4', timeZone);
  const endText = field(sch, 11, 5);
  if (endText) {
    const end = hl7Instant(endText, 'SCH-11.5', timeZone);
    if (end <= start) throw new BridgeRejection('badValue', 'SCH-11.5');
    return { start, end };
  }
  const duration = field(ais, 6) || field(sch, 9);
  if (!/^\d{1,4}$/.test(duration) || Number(duration) === 0) throw new BridgeRejection('missingField', 'AIS-6');
  const units = (field(ais, 7) || field(sch, 10) || 'MIN').toUpperCase();
  const minutes = Number(duration) * (units.startsWith('H') ? 60 : units.startsWith('S') ? 1 / 60 : 1);
  return { start, end: new Date(new Date(start).getTime() + minutes * 60_000).toISOString() };
}

function practitionerKey(parsed: ParsedHl7): string | null {
  const aip = parsed.message.getSegment('AIP');
  return field(aip, 3, 1) || null;
}

export function appointmentFromSiu(parsed: ParsedHl7, timeZone: string): AppointmentRecord {
  const action = ACTIONS[parsed.event];
  if (!action) throw new BridgeRejection('unsupportedMessage', 'MSH-9');
  const sch = required(parsed.message.getSegment('SCH'), 'SCH');
  const pid = required(parsed.message.getSegment('PID'), 'PID');
  const fillerId = field(sch, 2, 1);
  if (!fillerId) throw new BridgeRejection('missingField', 'SCH-2');
  if (fillerId.length > 64) throw new BridgeRejection('badValue', 'SCH-2');
  const ais = parsed.message.getSegment('AIS');
  const ail = parsed.message.getSegment('AIL');
  return {
    kind: 'appointment',
    action,
    fillerId,
    placerId: field(sch, 1, 1) || null,
    patientMrn: mrnOf(pid),
    ...timing(parsed, timeZone),
    practitionerKey: practitionerKey(parsed),
    locationKey: field(ail, 3, 1) || null,
    serviceCode: field(ais, 3, 1) || null,
    reason: field(sch, 7, 2) || field(sch, 7, 1) || null,
    cancelReason:
      action === 'cancel' || action === 'delete' || action === 'discontinue'
        ? field(sch, 6, 2) || field(sch, 6, 1) || null
        : null,
  };
}

export function slotFromSiu(parsed: ParsedHl7, timeZone: string): SlotRecord {
  const key = practitionerKey(parsed);
  if (!key) throw new BridgeRejection('missingField', 'AIP-3');
  return {
    kind: 'slot',
    practitionerKey: key,
    ...timing(parsed, timeZone),
    status: parsed.event === 'S23' ? 'busy-unavailable' : 'free',
  };
}

export function recordFromHl7(parsed: ParsedHl7, timeZone: string): BridgeRecord {
  if (parsed.messageCode === 'ADT') return patientFromAdt(parsed);
  if (parsed.event === 'S23' || parsed.event === 'S24') return slotFromSiu(parsed, timeZone);
  return appointmentFromSiu(parsed, timeZone);
}
