/**
 * Builds an ASC X12 270 eligibility inquiry (005010X279A1) with node-x12: the payer (2100A), the clinic
 * as information receiver (2100B), the subscriber (2100C) and, when the patient is not the subscriber,
 * the dependent (2100D), asking for service type 30 (health benefit plan coverage) on the date of service.
 */
import { X12Interchange, type X12SerializationOptions } from 'node-x12';
import type { EligibilityAdapterSettings } from '@/lib/tenancy/tenant-settings';
import type { EligibilityQuery } from '../eligibility-provider';

export type X12Settings = Extract<EligibilityAdapterSettings, { kind: 'x12' }>;

const DELIMITERS: X12SerializationOptions = {
  segmentTerminator: '~',
  elementDelimiter: '*',
  subElementDelimiter: ':',
  repetitionDelimiter: '^',
};

/** X12 basic character set only: upper case, and nothing that could be read as a delimiter. */
export function x12Text(value: string, maxLength = 60): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 .,'&()/-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}

const compactDate = (isoDate: string): string => isoDate.replace(/-/g, '');
const gender = (value: EligibilityQuery['patient']['gender']): string =>
  value === 'female' ? 'F' : value === 'male' ? 'M' : 'U';
/** INS02 individual relationship code of the dependent to the subscriber. */
const relationshipCode = (relationship: EligibilityQuery['relationship']): string =>
  relationship === 'spouse' ? '01' : relationship === 'child' ? '19' : 'G8';

export interface Built270 {
  edi: string;
  /** ISA13: identifies the interchange, echoed by well-behaved clearinghouses. */
  controlNumber: string;
}

export function build270(
  query: EligibilityQuery,
  settings: X12Settings,
  options: { now: Date; controlNumber: number },
): Built270 {
  const control = String(options.controlNumber % 1_000_000_000).padStart(9, '0');
  const iso = options.now.toISOString();
  const yymmdd = iso.slice(2, 10).replace(/-/g, '');
  const ccyymmdd = iso.slice(0, 10).replace(/-/g, '');
  const hhmm = iso.slice(11, 16).replace(':', '');
  const trace = x12Text(query.traceId, 50).replace(/\s/g, '');

  const interchange = new X12Interchange(DELIMITERS);
  interchange.setHeader([
    '00',
    ''.padEnd(10),
    '00',
    ''.padEnd(10),
    'ZZ',
    settings.senderId.padEnd(15),
    'ZZ',
    settings.receiverId.padEnd(15),
    yymmdd,
    hhmm,
    '^',
    '00501',
    control,
    '0',
    settings.usage,
    ':',
  ]);
  const group = interchange.addFunctionalGroup();
  group.setHeader([
    'HB',
    settings.senderId,
    settings.receiverId,
    ccyymmdd,
    hhmm,
    String(Number(control)),
    'X',
    '005010X279A1',
  ]);
  const transaction = group.addTransaction();
  transaction.setHeader(['270', '0001', '005010X279A1']);
  transaction.addSegment('BHT', ['0022', '13', trace, ccyymmdd, hhmm]);
  transaction.addSegment('HL', ['1', '', '20', '1']);
  transaction.addSegment('NM1', ['PR', '2', x12Text(query.payer.name), '', '', '', '', 'PI', query.payer.payerId]);
  transaction.addSegment('HL', ['2', '1', '21', '1']);
  transaction.addSegment('NM1', [
    '1P',
    '2',
    x12Text(settings.providerName),
    '',
    '',
    '',
    '',
    'XX',
    settings.providerNpi,
  ]);

  const dependent = query.relationship !== 'self' && query.subscriber ? query.subscriber : null;
  const subscriber = dependent ?? {
    given: query.patient.given,
    family: query.patient.family,
    birthDate: query.patient.birthDate,
  };
  transaction.addSegment('HL', ['3', '2', '22', dependent ? '1' : '0']);
  transaction.addSegment('TRN', ['1', trace, `9${settings.senderId.replace(/\s/g, '').slice(0, 9)}`]);
  transaction.addSegment('NM1', [
    'IL',
    '1',
    x12Text(subscriber.family, 60),
    x12Text(subscriber.given, 35),
    '',
    '',
    '',
    'MI',
    query.memberId,
  ]);
  if (query.groupNumber) transaction.addSegment('REF', ['6P', query.groupNumber]);
  if (subscriber.birthDate)
    transaction.addSegment('DMG', [
      'D8',
      compactDate(subscriber.birthDate),
      ...(dependent ? [] : [gender(query.patient.gender)]),
    ]);
  if (!dependent) {
    transaction.addSegment('DTP', ['291', 'D8', compactDate(query.serviceDate)]);
    transaction.addSegment('EQ', ['30']);
  } else {
    transaction.addSegment('HL', ['4', '3', '23', '0']);
    transaction.addSegment('TRN', ['1', trace, `9${settings.senderId.replace(/\s/g, '').slice(0, 9)}`]);
    transaction.addSegment('NM1', ['03', '1', x12Text(query.patient.family, 60), x12Text(query.patient.given, 35)]);
    if (query.patient.birthDate)
      transaction.addSegment('DMG', ['D8', compactDate(query.patient.birthDate), gender(query.patient.gender)]);
    transaction.addSegment('INS', ['N', relationshipCode(query.relationship)]);
    transaction.addSegment('DTP', ['291', 'D8', compactDate(query.serviceDate)]);
    transaction.addSegment('EQ', ['30']);
  }
  return { edi: interchange.toString(), controlNumber: control };
}
