/** Reading the audit log for the admin page and its CSV export. */
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';

export const auditFilterSchema = z.object({
  action: z.string().trim().max(80).optional(),
  actorType: z.enum(['patient', 'staff', 'system', 'anonymous']).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  patientId: z.string().trim().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditRow {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  patientId: string | null;
  action: string;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export async function listAuditEvents(database: Database, tenantId: string, filter: AuditFilter): Promise<AuditRow[]> {
  const where: Prisma.AuditEventWhereInput = {
    tenantId,
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.actorType ? { actorType: filter.actorType } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.patientId ? { patientId: filter.patientId } : {}),
    ...(filter.from || filter.to
      ? {
          occurredAt: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
  };
  const rows = await database.auditEvent.findMany({ where, orderBy: { id: 'desc' }, take: filter.limit });
  return rows.map((row) => ({
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorRole: row.actorRole,
    patientId: row.patientId,
    action: row.action,
    outcome: row.outcome,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
  }));
}

const CSV_COLUMNS: (keyof AuditRow)[] = [
  'id',
  'occurredAt',
  'actorType',
  'actorId',
  'actorRole',
  'patientId',
  'action',
  'outcome',
  'requestId',
  'ip',
  'userAgent',
];

function csvCell(value: string | null): string {
  if (value === null) return '';
  // Quote everything that needs it, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditRowsToCsv(rows: AuditRow[]): string {
  return (
    [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}
