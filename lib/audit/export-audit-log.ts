/** An administrator exports the clinic's audit log as CSV; the export is itself audited. */
import type { Database } from '@/lib/db/client';
import { auditRowsToCsv, listAuditEvents, type AuditFilter } from './list-audit';
import { recordAudit, type RequestOrigin } from './record-audit';

export interface ExportAuditLogInput {
  tenantId: string;
  staff: { id: string; role: string };
  filter: AuditFilter;
  origin: RequestOrigin;
}

/** The CSV text of the matching audit events. */
export async function exportAuditLog(deps: { database: Database }, input: ExportAuditLogInput): Promise<string> {
  const rows = await listAuditEvents(deps.database, input.tenantId, input.filter);
  await recordAudit(deps.database, {
    tenantId: input.tenantId,
    actor: { type: 'staff', id: input.staff.id, role: input.staff.role },
    action: 'audit.export',
    outcome: 'success',
    origin: input.origin,
    detail: { rows: rows.length },
  });
  return auditRowsToCsv(rows);
}
