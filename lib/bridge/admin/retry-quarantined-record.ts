/**
 * An administrator retries a quarantined record after a fix (the patient or clinician now exists in
 * the EHR, the clinic's column mapping or date format corrected, the EHR back up): the kept raw text
 * goes through the same steps as when it arrived, with the clinic's current settings, as the same
 * record (so it can never be applied twice). Claimed first (compare-and-set), so two administrators
 * retrying at once apply it once. Its order check is skipped: the administrator decides it applies.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/checkin/check-in-deps';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { applyBridgeRecord, type InboundRecord } from '../apply-bridge-record';
import type { BridgeContext } from '../bridge-context';
import { csvRowInbound, readRawCsvRow } from '../csv/import-csv';
import { hl7Inbound } from '../receive-hl7-message';
import type { RejectionCode } from '../records';
import { adminBridgeContext, auditActor } from './bridge-admin';

export type RetryResult =
  | { status: 'applied'; recordId: string }
  | { status: 'quarantined'; recordId: string; reason: RejectionCode; field: string | null };

const RETRYING = 'retrying';

function inboundFor(
  context: BridgeContext,
  record: { source: string; raw: string; dedupeKey: string; eventAt: Date | null },
  now: Date,
): InboundRecord {
  if (record.source === 'csv') {
    const stored = readRawCsvRow(record.raw);
    if (!stored) throw new AppError('conflict', 'bridge.recordUnreadable');
    const input = csvRowInbound(context, { ...stored, fileTime: record.eventAt, receivedAt: now });
    return { ...input, dedupeKey: record.dedupeKey };
  }
  return { ...hl7Inbound(context, record.raw, now).input, dedupeKey: record.dedupeKey };
}

export async function retryQuarantinedRecord(
  database: Database,
  actor: StaffActor,
  recordId: string,
): Promise<RetryResult> {
  const context = await adminBridgeContext(database, actor);
  if (!/^\d{1,18}$/.test(recordId)) throw new AppError('invalid_input', 'bridge.recordIdInvalid');
  const id = BigInt(recordId);
  const tenantId = actor.tenant.id;
  const record = await database.bridgeRecord.findFirst({ where: { id, tenantId } });
  if (!record) throw new AppError('not_found', 'bridge.recordNotFound');
  const claimed = await database.bridgeRecord.updateMany({
    where: { id, tenantId, status: 'quarantined', raw: { not: null } },
    data: { status: RETRYING },
  });
  if (claimed.count === 0) throw new AppError('conflict', 'bridge.recordNotQuarantined');
  let result: RetryResult;
  try {
    const outcome = await applyBridgeRecord(
      context,
      inboundFor(context, { ...record, raw: record.raw ?? '' }, new Date()),
      { retry: true },
    );
    result =
      outcome.status === 'quarantined'
        ? { status: 'quarantined', recordId, reason: outcome.reason, field: outcome.field }
        : { status: 'applied', recordId };
  } catch (error) {
    // Anything but a verdict on the record (the database, a bug): it stays quarantined as it was.
    await database.bridgeRecord.updateMany({ where: { id, status: RETRYING }, data: { status: 'quarantined' } });
    throw error;
  }
  await recordAudit(database, {
    tenantId,
    actor: auditActor(actor),
    action: 'bridge.record.retried',
    outcome: result.status === 'applied' ? 'success' : 'failure',
    ...(record.patientId ? { patientId: record.patientId } : {}),
    origin: actor.origin,
    detail: {
      recordId,
      messageType: record.messageType,
      result: result.status,
      ...(result.status === 'quarantined' ? { reason: result.reason } : {}),
    },
  });
  return result;
}
