/**
 * Dates as legacy EHRs write them. HL7 v2 DT/DTM (`YYYYMMDD`, `YYYYMMDDHHMM[SS][+/-ZZZZ]`) and the
 * formats a clinic names for its CSV exports. A time without an offset is the clinic's local time.
 */
import { zonedTimeToInstant } from '@/lib/time/zoned';
import { BridgeRejection } from './records';

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isoDate(year: number, month: number, day: number, field: string): string {
  if (!validDate(year, month, day) || year < 1850) throw new BridgeRejection('badDate', field);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** HL7 DT (`YYYYMMDD`, time part ignored) -> `YYYY-MM-DD`; a wrong date is refused with its field. */
export function hl7Date(value: string, field: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(?:\d{0,6}(?:\.\d+)?)?(?:[+-]\d{4})?$/.exec(value.trim());
  if (!match) throw new BridgeRejection('badDate', field);
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]), field);
}

/** HL7 DTM -> ISO instant, read in `timeZone` when it carries no offset. Minutes are required. */
export function hl7Instant(value: string, field: string, timeZone: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(value.trim());
  if (!match) throw new BridgeRejection('badDate', field);
  const [, y, mo, d, h, mi, s, offset] = match;
  const date = isoDate(Number(y), Number(mo), Number(d), field);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (hour > 23 || minute > 59 || second > 59) throw new BridgeRejection('badDate', field);
  if (offset) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, minute, second) - offsetMinutes * 60_000;
    return new Date(utc).toISOString();
  }
  return new Date(zonedTimeToInstant(date, hour, minute, timeZone).getTime() + second * 1000).toISOString();
}

/** An instant as HL7 DTM in UTC with its offset: `20310602143000+0000`. */
export function toHl7Instant(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}+0000`
  );
}

export const CSV_DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'YYYYMMDD'] as const;
export type CsvDateFormat = (typeof CSV_DATE_FORMATS)[number];

/** A CSV date in the clinic's declared format -> `YYYY-MM-DD`. */
export function csvDate(value: string, format: CsvDateFormat, column: string): string {
  const text = value.trim();
  const patterns: Record<CsvDateFormat, RegExp> = {
    'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/,
    'MM/DD/YYYY': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})$/,
    'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})$/,
    YYYYMMDD: /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  };
  const groups = patterns[format].exec(text)?.groups;
  if (!groups) throw new BridgeRejection('badDate', column);
  return isoDate(Number(groups.y), Number(groups.m), Number(groups.d), column);
}

/** A CSV date and time (`<date> HH:MM`, or an ISO instant with offset) -> ISO instant in the clinic's zone. */
export function csvInstant(value: string, format: CsvDateFormat, column: string, timeZone: string): string {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const parsed = new Date(text);
    if (Number.isNaN(parsed.getTime())) throw new BridgeRejection('badDate', column);
    return parsed.toISOString();
  }
  const match = /^(.+?)[ T](\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw new BridgeRejection('badDate', column);
  const date = csvDate(match[1] ?? '', format, column);
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (hour > 23 || minute > 59) throw new BridgeRejection('badDate', column);
  return zonedTimeToInstant(date, hour, minute, timeZone).toISOString();
}
