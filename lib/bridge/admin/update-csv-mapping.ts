/**
 * An administrator changes which column of the legacy EHR's CSV export each bridge field is read from
 * (one kind of export at a time), for example after the EHR renamed "Chart No" to "MRN". A blank
 * column means the field's own name. Two fields cannot read the same column, and a field the bridge
 * does not know is refused; either way nothing is saved. The rest of the bridge's settings are kept.
 * Quarantined rows can then be retried with the new mapping. Audited with the kind changed.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/checkin/check-in-deps';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { CSV_FIELDS, CSV_REQUIRED, type CsvKind } from '../bridge-settings';
import { configureBridge } from '../configure-bridge';
import { adminBridgeContext, auditActor } from './bridge-admin';

export interface CsvColumnView {
  field: string;
  column: string;
  required: boolean;
}

/** The column each field of one kind is read from (the field's own name unless mapped). */
export function csvColumnViews(mapping: Record<string, string> | undefined, kind: CsvKind): CsvColumnView[] {
  return (CSV_FIELDS[kind] as readonly string[]).map((field) => ({
    field,
    column: mapping?.[field] ?? field,
    required: (CSV_REQUIRED[kind] as readonly string[]).includes(field),
  }));
}

export async function updateCsvMapping(
  database: Database,
  actor: StaffActor,
  input: { kind: CsvKind; columns: Record<string, string> },
): Promise<{ kind: CsvKind; columns: CsvColumnView[] }> {
  const context = await adminBridgeContext(database, actor);
  const fields = CSV_FIELDS[input.kind] as readonly string[];
  const unknown = Object.keys(input.columns).filter((field) => !fields.includes(field));
  if (unknown.length > 0)
    throw new AppError('invalid_input', 'bridge.mappingUnknownField', { params: { fields: unknown.join(', ') } });
  const mapping: Record<string, string> = {};
  for (const field of fields) {
    const column = (input.columns[field] ?? '').trim();
    if (column && column !== field) mapping[field] = column;
  }
  const readers = new Map<string, string[]>();
  for (const field of fields) {
    const column = mapping[field] ?? field;
    readers.set(column, [...(readers.get(column) ?? []), field]);
  }
  const shared = [...readers.entries()].find(([, readBy]) => readBy.length > 1);
  if (shared)
    throw new AppError('invalid_input', 'bridge.mappingSharedColumn', {
      params: { column: shared[0], fields: shared[1].join(', ') },
    });
  const settings = context.settings;
  await configureBridge(database, actor.tenant.id, {
    ...settings,
    csv: { ...settings.csv, columns: { ...settings.csv.columns, [input.kind]: mapping } },
  });
  await recordAudit(database, {
    tenantId: actor.tenant.id,
    actor: auditActor(actor),
    action: 'bridge.settings.updated',
    outcome: 'success',
    origin: actor.origin,
    detail: { setting: 'csv.columns', kind: input.kind, mapped: Object.keys(mapping).length },
  });
  return { kind: input.kind, columns: csvColumnViews(mapping, input.kind) };
}
