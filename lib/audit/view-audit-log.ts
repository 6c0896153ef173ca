/** An administrator reads the clinic's audit log (filtered); the reading is itself audited. */
import type { Database } from '@/lib/db/client';
import { listAuditEvents, type AuditFilter, type AuditRow } from './list-audit';
import { recordAudit, type RequestOrigin } from './record-audit';

export interface ViewAuditLogInput {
  tenantId: string;
  staff: { id: string; role: string };
  filter: AuditFilter;
  origin?: RequestOrigin | undefined;
}

export async function viewAuditLog(deps: { database: Database }, input: ViewAuditLogInput): Promise<AuditRow[]> {
  const rows = await listAuditEvents(deps.database, input.tenantId, input.filter);
  await recordAudit(deps.database, {
    tenantId: input.tenantId,
    actor: { type: 'staff', id: input.staff.id, role: input.staff.role },
    action: 'audit.read',
    outcome: 'success',
    ...(input.origin ? { origin: input.origin } : {}),
    detail: { rows: rows.length },
  });
  return rows;
}
