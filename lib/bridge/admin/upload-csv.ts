/**
 * An administrator uploads a CSV export of the clinic's legacy EHR (patients, appointments or slots).
 * It is read whole first, through the clinic's column mapping: a file that is not CSV, is empty or
 * lacks a required column is refused with the reason and nothing of it is applied; otherwise each row
 * is applied as one record (bad rows quarantined for the page, rows already applied skipped), as when
 * the EHR drops the file in the watched folder. Audited with the counts.
 */
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { recordAudit } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/checkin/check-in-deps';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { CsvKind } from '../bridge-settings';
import { csvParseOptions, importCsvRows, missingCsvColumns, type CsvImportSummary, type Row } from '../csv/import-csv';
import { adminBridgeContext, auditActor } from './bridge-admin';

/** The largest upload taken (a year of a small clinic's appointments is well under it). */
export const MAX_CSV_UPLOAD_BYTES = 8 * 1024 * 1024;

export async function uploadCsv(
  database: Database,
  actor: StaffActor,
  input: { kind: CsvKind; csv: string },
): Promise<CsvImportSummary> {
  const context = await adminBridgeContext(database, actor);
  let rows: Row[];
  try {
    rows = parse<Row>(input.csv, csvParseOptions(context));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 0;
    throw new AppError('invalid_input', 'bridge.csvUnreadable', { params: { line }, cause: error });
  }
  const first = rows[0];
  if (!first) throw new AppError('invalid_input', 'bridge.csvEmpty');
  const missing = missingCsvColumns(context, input.kind, Object.keys(first));
  if (missing.length > 0)
    throw new AppError('invalid_input', 'bridge.csvMissingColumns', { params: { columns: missing.join(', ') } });
  const summary = await importCsvRows(context, { kind: input.kind, rows, fileTime: new Date() });
  await recordAudit(database, {
    tenantId: actor.tenant.id,
    actor: auditActor(actor),
    action: 'bridge.csv.uploaded',
    outcome: 'success',
    origin: actor.origin,
    detail: { kind: input.kind, ...summary },
  });
  return summary;
}
