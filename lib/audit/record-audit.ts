/**
 * The audit log: one append-only row for every authentication event and every read or write of a
 * patient's data, with who, what, when, from where and the request id. The table refuses updates and
 * deletes at the database level. `detail` must never hold PHI (ids and reason codes only).
 */
import type { Database } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { getTrustedProxies } from '@/lib/config';
import { currentRequestContext } from '@/lib/request-context';
import { clientAddress, type TrustedProxies } from '@/lib/security/client-address';

export type AuditActor =
  | { type: 'patient'; id: string }
  | { type: 'staff'; id: string; role: string }
  | { type: 'system'; id?: string }
  | { type: 'anonymous' };

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** Where a request came from; taken from headers at the edge. */
export interface RequestOrigin {
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

export interface AuditEntry {
  tenantId: string;
  actor: AuditActor;
  action: string;
  outcome: AuditOutcome;
  /** FHIR Patient id whose data was touched. */
  patientId?: string;
  origin?: RequestOrigin;
  detail?: Record<string, string | number | boolean | null>;
}

/** Detail values are ids and reason codes; anything longer is cut so no input is ever stored whole. */
const MAX_DETAIL_TEXT = 200;

function clippedDetail(detail: NonNullable<AuditEntry['detail']>): NonNullable<AuditEntry['detail']> {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [
      key,
      typeof value === 'string' && value.length > MAX_DETAIL_TEXT ? `${value.slice(0, MAX_DETAIL_TEXT)}…` : value,
    ]),
  );
}

function auditRow(entry: AuditEntry): Prisma.AuditEventCreateManyInput {
  const requestId = entry.origin?.requestId ?? currentRequestContext()?.requestId;
  return {
    tenantId: entry.tenantId,
    actorType: entry.actor.type,
    actorId: 'id' in entry.actor ? (entry.actor.id ?? null) : null,
    actorRole: entry.actor.type === 'staff' ? entry.actor.role : entry.actor.type === 'patient' ? 'patient' : null,
    patientId: entry.patientId ?? null,
    action: entry.action,
    outcome: entry.outcome,
    requestId: requestId ?? null,
    ip: entry.origin?.ip?.slice(0, 64) ?? null,
    userAgent: entry.origin?.userAgent?.slice(0, 512) ?? null,
    detail: entry.detail ? clippedDetail(entry.detail) : Prisma.JsonNull,
  };
}

export async function recordAudit(database: Database, entry: AuditEntry): Promise<void> {
  await database.auditEvent.create({ data: auditRow(entry) });
}

/** Several entries in one insert, e.g. one per patient shown on a list. */
export async function recordAudits(database: Database, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await database.auditEvent.createMany({ data: entries.map(auditRow) });
}

/**
 * Reads the request origin from incoming headers; the address is lib/security/client-address.ts's
 * (the socket peer, or the client behind a configured trusted proxy; forged forwarded headers ignored).
 */
export function requestOriginFrom(
  headers: Pick<Headers, 'get'>,
  trustedProxies: TrustedProxies | undefined = undefined,
): RequestOrigin {
  return {
    requestId: headers.get('x-request-id') ?? undefined,
    ip: clientAddress(headers, trustedProxies ?? getTrustedProxies()),
    userAgent: headers.get('user-agent') ?? undefined,
  };
}
