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
  /** Keyset paging: events older than this id (the next page), or newer than `after` (the previous one). */
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  after: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
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

function auditWhere(tenantId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
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
}

type AuditEventRow = Awaited<ReturnType<Database['auditEvent']['findMany']>>[number];

function toAuditRow(row: AuditEventRow): AuditRow {
  return {
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
  };
}

/** The newest matching events first, at most `filter.limit` (the CSV export's reading). */
export async function listAuditEvents(database: Database, tenantId: string, filter: AuditFilter): Promise<AuditRow[]> {
  const rows = await database.auditEvent.findMany({
    where: auditWhere(tenantId, filter),
    orderBy: { id: 'desc' },
    take: filter.limit,
  });
  return rows.map(toAuditRow);
}

export interface AuditPage {
  /** Newest first. */
  rows: AuditRow[];
  /** The cursor of the page before (newer events) and after (older events), null at either end. */
  newer: string | null;
  older: string | null;
}

/**
 * One page of matching events, newest first, by id keyset (stable while new events arrive): `before`
 * reads the next older page, `after` the next newer one, neither the newest.
 */
export async function listAuditPage(database: Database, tenantId: string, filter: AuditFilter): Promise<AuditPage> {
  const base = auditWhere(tenantId, filter);
  const forward = filter.after !== undefined && filter.before === undefined;
  const cursor = forward ? filter.after : filter.before;
  const found = await database.auditEvent.findMany({
    where: cursor ? { AND: [base, { id: forward ? { gt: BigInt(cursor) } : { lt: BigInt(cursor) } }] } : base,
    orderBy: { id: forward ? 'asc' : 'desc' },
    take: filter.limit + 1,
  });
  const more = found.length > filter.limit;
  const page = found.slice(0, filter.limit);
  const rows = (forward ? page.reverse() : page).map(toAuditRow);
  const first = rows[0]?.id ?? null;
  const last = rows.at(-1)?.id ?? null;
  return {
    rows,
    newer: forward ? (more ? first : null) : cursor ? first : null,
    older: forward ? last : more ? last : null,
  };
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
