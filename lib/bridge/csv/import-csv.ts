/**
 * A CSV export of a legacy EHR (patients, appointments or slots), read as a stream (csv-parse) through
 * the clinic's column mapping, each row applied as one record (apply-bridge-record.ts): idempotent (a row
 * already applied is keyed by its content and skipped), a bad row quarantined with the column at fault,
 * the rest applied. Rows are applied several at a time (the clinic's `csv.concurrency`), those of one
 * patient, one appointment or one clinician's schedule in file order (a dependent after its guardian).
 * A file missing a required column is refused before any row is read.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse, type OptionsWithColumns } from 'csv-parse';
import { z } from 'zod';
import { compactMrn } from '@/lib/scheduling/mrn';
import { applyBridgeRecord, type InboundRecord } from '../apply-bridge-record';
import type { BridgeContext } from '../bridge-context';
import { CSV_FIELDS, CSV_KINDS, CSV_REQUIRED, type CsvKind } from '../bridge-settings';
import { csvDate, csvInstant } from '../legacy-dates';
import { KeyedPool } from './keyed-pool';
import {
  APPOINTMENT_ACTIONS,
  BridgeRejection,
  type AppointmentAction,
  type BridgeRecord,
  type GuardianRecord,
} from '../records';

export interface CsvImportSummary {
  rows: number;
  applied: number;
  duplicates: number;
  quarantined: number;
}

export class CsvFileRefused extends Error {
  override name = 'CsvFileRefused';
  constructor(readonly missingColumns: string[]) {
    super(`missing column(s): ${missingColumns.join(', ')}`);
  }
}

export type Row = Record<string, string>;

function rowToRecord(context: BridgeContext, kind: CsvKind, row: Row, column: (f: string) => string): BridgeRecord {
  const { dateFormat } = context.settings.csv;
  const zone = context.tenant.timeZone;
  const value = (name: string): string => (row[column(name)] ?? '').trim();
  const need = (name: string): string => {
    const text = value(name);
    if (!text) throw new BridgeRejection('missingField', column(name));
    return text;
  };
  switch (kind) {
    case 'patients': {
      const mrn = compactMrn(need('mrn'));
      if (!/^[A-Za-z0-9]{3,40}$/.test(mrn)) throw new BridgeRejection('badValue', column('mrn'));
      const gender = value('gender').toLowerCase();
      const genders = {
        m: 'male',
        f: 'female',
        male: 'male',
        female: 'female',
        o: 'other',
        other: 'other',
        u: 'unknown',
      } as const;
      if (gender && !(gender in genders)) throw new BridgeRejection('badValue', column('gender'));
      const guardianMrn = value('guardianMrn');
      const relationship = (value('guardianRelationship') || 'GUARD').toUpperCase();
      if (guardianMrn && !['GUARD', 'MTH', 'FTH', 'PRN'].includes(relationship))
        throw new BridgeRejection('badValue', column('guardianRelationship'));
      const email = value('email');
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new BridgeRejection('badValue', column('email'));
      return {
        kind: 'patient',
        mrn,
        family: need('family'),
        given: value('given') ? value('given').split(/\s+/) : [],
        birthDate: value('birthDate') ? csvDate(value('birthDate'), dateFormat, column('birthDate')) : null,
        gender: gender ? genders[gender as keyof typeof genders] : null,
        phones: value('phone') ? [value('phone').replace(/[^\d+]/g, '')] : [],
        emails: email ? [email] : [],
        address: null,
        language: value('language') ? value('language').toLowerCase() : null,
        guardians: guardianMrn
          ? [{ mrn: guardianMrn.replace(/-/g, ''), relationship: relationship as GuardianRecord['relationship'] }]
          : [],
      };
    }
    case 'appointments': {
      const status = (value('status') || 'book').toLowerCase();
      const aliases: Record<string, AppointmentAction> = { booked: 'book', cancelled: 'cancel', 'no-show': 'noshow' };
      const action = aliases[status] ?? status;
      if (!(APPOINTMENT_ACTIONS as readonly string[]).includes(action))
        throw new BridgeRejection('badValue', column('status'));
      const start = csvInstant(need('start'), dateFormat, column('start'), zone);
      const end = csvInstant(need('end'), dateFormat, column('end'), zone);
      if (end <= start) throw new BridgeRejection('badValue', column('end'));
      return {
        kind: 'appointment',
        action: action as AppointmentAction,
        fillerId: need('appointmentId'),
        placerId: null,
        patientMrn: compactMrn(need('mrn')),
        start,
        end,
        practitionerKey: value('practitioner') || null,
        locationKey: value('location') || null,
        serviceCode: value('service') || null,
        reason: value('reason') || null,
        cancelReason: null,
      };
    }
    case 'slots': {
      const status = (value('status') || 'free').toLowerCase();
      if (status !== 'free' && status !== 'busy-unavailable') throw new BridgeRejection('badValue', column('status'));
      return {
        kind: 'slot',
        practitionerKey: need('practitioner'),
        start: csvInstant(need('start'), dateFormat, column('start'), zone),
        end: csvInstant(need('end'), dateFormat, column('end'), zone),
        status,
      };
    }
  }
}

/** csv-parse's options for the clinic's exports: a header line, its delimiter, a BOM allowed. */
export function csvParseOptions(context: BridgeContext): OptionsWithColumns<Row> {
  return {
    columns: true as const,
    delimiter: context.settings.csv.delimiter,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
  };
}

/** The raw text a CSV row is kept as while quarantined, and read back for a retry. */
const rawRowSchema = z.object({ kind: z.enum(CSV_KINDS), row: z.record(z.string(), z.string()) });

export function readRawCsvRow(raw: string): { kind: CsvKind; row: Row } | null {
  try {
    const parsed = rawRowSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One CSV row as an inbound record: keyed by the content of the fields the mapping reads. */
export function csvRowInbound(
  context: BridgeContext,
  input: { kind: CsvKind; row: Row; fileTime: Date | null; receivedAt: Date },
): InboundRecord {
  const mapping = context.settings.csv.columns[input.kind] ?? {};
  const column = (field: string): string => mapping[field] ?? field;
  const known = Object.fromEntries(
    (CSV_FIELDS[input.kind] as readonly string[]).map((field) => [field, input.row[column(field)] ?? '']),
  );
  return {
    source: 'csv',
    dedupeKey: `csv:${input.kind}:${createHash('sha256').update(JSON.stringify(known)).digest('hex').slice(0, 40)}`,
    messageType: `csv:${input.kind}`,
    raw: JSON.stringify({ kind: input.kind, row: input.row }),
    eventAt: input.fileTime,
    receivedAt: input.receivedAt,
    toRecord: () => rowToRecord(context, input.kind, input.row, column),
  };
}

/** The bridge fields' column headers a file lacks (none: it can be imported). */
export function missingCsvColumns(context: BridgeContext, kind: CsvKind, headers: readonly string[]): string[] {
  const mapping = context.settings.csv.columns[kind] ?? {};
  return CSV_REQUIRED[kind].map((field) => mapping[field] ?? field).filter((name) => !headers.includes(name));
}

/**
 * What a row must wait for: earlier rows of the same content, patient (and a dependent's guardian),
 * appointment, or clinician (their slots and schedule), read from the row's own columns so that a row
 * too bad to map still waits for its twin.
 */
function rowOrderKeys(context: BridgeContext, kind: CsvKind, row: Row, dedupeKey: string): string[] {
  const mapping = context.settings.csv.columns[kind] ?? {};
  const value = (field: string): string => (row[mapping[field] ?? field] ?? '').trim();
  const mrn = (field: string): string[] => {
    const text = compactMrn(value(field));
    return text ? [`patient:${text}`] : [];
  };
  const practitioner = value('practitioner') ? [`practitioner:${value('practitioner')}`] : [];
  switch (kind) {
    case 'patients':
      return [dedupeKey, ...mrn('mrn'), ...mrn('guardianMrn')];
    case 'appointments':
      return [
        dedupeKey,
        ...(value('appointmentId') ? [`appointment:${value('appointmentId')}`] : []),
        ...mrn('mrn'),
        ...practitioner,
      ];
    case 'slots':
      return [dedupeKey, ...practitioner];
  }
}

/** Applies rows of one kind (as csv-parse gives them, header line read), each as one record. */
export async function importCsvRows(
  context: BridgeContext,
  input: { kind: CsvKind; rows: AsyncIterable<Row> | Iterable<Row>; fileTime?: Date },
): Promise<CsvImportSummary> {
  const summary: CsvImportSummary = { rows: 0, applied: 0, duplicates: 0, quarantined: 0 };
  const pool = new KeyedPool(context.settings.csv.concurrency);
  let checked = false;
  try {
    for await (const row of input.rows) {
      if (!checked) {
        const missing = missingCsvColumns(context, input.kind, Object.keys(row));
        if (missing.length > 0) throw new CsvFileRefused(missing);
        checked = true;
      }
      summary.rows += 1;
      const inbound = csvRowInbound(context, {
        kind: input.kind,
        row,
        fileTime: input.fileTime ?? null,
        receivedAt: new Date(),
      });
      await pool.submit(rowOrderKeys(context, input.kind, row, inbound.dedupeKey), async () => {
        const outcome = await applyBridgeRecord(context, inbound);
        if (outcome.status === 'applied') summary.applied += 1;
        else if (outcome.status === 'duplicate') summary.duplicates += 1;
        else summary.quarantined += 1;
      });
    }
  } catch (error) {
    // A refused file or a broken stream: rows already started finish (each whole or quarantined) first.
    await pool.drain().catch(() => undefined);
    throw error;
  }
  await pool.drain();
  return summary;
}

/** Imports one CSV stream of the given kind. */
export async function importCsv(
  context: BridgeContext,
  input: { kind: CsvKind; stream: Readable; fileTime?: Date },
): Promise<CsvImportSummary> {
  const rows = input.stream.pipe(parse(csvParseOptions(context))) as AsyncIterable<Row>;
  return importCsvRows(context, { kind: input.kind, rows, ...(input.fileTime ? { fileTime: input.fileTime } : {}) });
}

/** The kind a file in the watched folder holds, by its name (`patients-2031-06-01.csv`). */
export function csvKindOfFile(name: string): CsvKind | null {
  const match = /^(patients|appointments|slots)[^/]*\.csv$/i.exec(name);
  return match ? (match[1]?.toLowerCase() as CsvKind) : null;
}
