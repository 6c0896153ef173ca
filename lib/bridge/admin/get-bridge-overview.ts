/**
 * The administrator page of a bridged clinic: is the legacy EHR connected, when did it last send, how
 * quickly records are applied, how far behind the outbound messages are, how many records were applied
 * and quarantined, the quarantined records themselves (reason, field, raw text: PHI, so each record
 * shown is audited) and the CSV column mapping uploads go through. Null for a clinic not bridged.
 */
import { recordAudits } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/checkin/check-in-deps';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { loadBridgeContext } from '../configure-bridge';
import { CSV_KINDS, type CsvKind } from '../bridge-settings';
import type { RejectionCode } from '../records';
import { REJECTION_CODES } from '../records';
import { auditActor } from './bridge-admin';
import { csvColumnViews, type CsvColumnView } from './update-csv-mapping';

export interface QuarantinedRecordView {
  id: string;
  source: 'mllp' | 'csv';
  messageType: string;
  reason: RejectionCode | null;
  field: string | null;
  raw: string;
  receivedAt: string;
  attempts: number;
}

export interface BridgeOverview {
  /** The MLLP port the clinic's EHR sends to; null when it sends no HL7. */
  port: number | null;
  connected: boolean;
  lastConnectedAt: string | null;
  lastMessageAt: string | null;
  /** From a record's arrival to its FHIR resource being readable, over the last 24 hours. */
  applyLatency: { p50Ms: number; p95Ms: number } | null;
  /** How long the oldest of the app's messages has waited for the EHR's acknowledgement (0: none waits). */
  outboundLagSeconds: number;
  counts: { applied: number; quarantined: number; outboundPending: number; outboundRejected: number };
  /** The newest quarantined records (at most 50; `counts.quarantined` says how many in all). */
  quarantined: QuarantinedRecordView[];
  csv: { dateFormat: string; delimiter: string; columns: Record<CsvKind, CsvColumnView[]> };
}

const SHOWN = 50;

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

function rejectionCode(value: string | null): RejectionCode | null {
  return (REJECTION_CODES as readonly string[]).includes(value ?? '') ? (value as RejectionCode) : null;
}

export async function getBridgeOverview(
  database: Database,
  actor: StaffActor,
  now = new Date(),
): Promise<BridgeOverview | null> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'bridge.adminOnly');
  const context = await loadBridgeContext(database, actor.tenant.id);
  if (!context) return null;
  const tenantId = actor.tenant.id;
  const [bridge, byStatus, outbound, oldestPending, latency, records] = await Promise.all([
    database.clinicBridge.findUniqueOrThrow({ where: { tenantId } }),
    database.bridgeRecord.groupBy({ by: ['status'], where: { tenantId }, _count: { _all: true } }),
    database.bridgeOutbound.groupBy({
      by: ['status'],
      where: { tenantId, status: { in: ['pending', 'rejected'] } },
      _count: { _all: true },
    }),
    database.bridgeOutbound.findFirst({
      where: { tenantId, status: 'pending' },
      orderBy: { id: 'asc' },
      select: { createdAt: true },
    }),
    database.$queryRaw<{ p50: number | null; p95: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS p95
        FROM "BridgeRecord"
       WHERE "tenantId" = ${tenantId}::uuid AND status = 'applied' AND "latencyMs" IS NOT NULL
         AND "appliedAt" >= ${new Date(now.getTime() - 86_400_000)}`,
    database.bridgeRecord.findMany({
      where: { tenantId, status: 'quarantined' },
      orderBy: { id: 'desc' },
      take: SHOWN,
    }),
  ]);
  const count = (rows: { status: string; _count: { _all: number } }[], status: string): number =>
    rows.find((row) => row.status === status)?._count._all ?? 0;
  await recordAudits(
    database,
    records.map((record) => ({
      tenantId,
      actor: auditActor(actor),
      action: 'bridge.record.viewed',
      outcome: 'success' as const,
      ...(record.patientId ? { patientId: record.patientId } : {}),
      origin: actor.origin,
      detail: { recordId: record.id.toString(), messageType: record.messageType },
    })),
  );
  const { csv } = context.settings;
  const columns = Object.fromEntries(
    CSV_KINDS.map((kind) => [kind, csvColumnViews(csv.columns[kind], kind)]),
  ) as Record<CsvKind, CsvColumnView[]>;
  const p50 = latency[0]?.p50;
  const p95 = latency[0]?.p95;
  return {
    port: context.settings.mllp?.port ?? null,
    connected: bridge.connected,
    lastConnectedAt: iso(bridge.lastConnectedAt),
    lastMessageAt: iso(bridge.lastMessageAt),
    applyLatency:
      p50 !== null && p50 !== undefined && p95 !== null && p95 !== undefined
        ? { p50Ms: Math.round(Number(p50)), p95Ms: Math.round(Number(p95)) }
        : null,
    outboundLagSeconds: oldestPending
      ? Math.max(0, Math.round((now.getTime() - oldestPending.createdAt.getTime()) / 1000))
      : 0,
    counts: {
      applied: count(byStatus, 'applied'),
      quarantined: count(byStatus, 'quarantined'),
      outboundPending: count(outbound, 'pending'),
      outboundRejected: count(outbound, 'rejected'),
    },
    quarantined: records.map((record) => ({
      id: record.id.toString(),
      source: record.source === 'csv' ? 'csv' : 'mllp',
      messageType: record.messageType,
      reason: rejectionCode(record.reason),
      field: record.reasonField,
      raw: record.raw ?? '',
      receivedAt: record.receivedAt.toISOString(),
      attempts: record.attempts,
    })),
    csv: { dateFormat: csv.dateFormat, delimiter: csv.delimiter, columns },
  };
}
