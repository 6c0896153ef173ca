/**
 * One inbound record, from either format, through the same steps: applied once (the same message twice
 * is acknowledged, not applied again), in order per subject (a message older than one already applied
 * for the same patient or appointment is quarantined, never applied over newer data), written whole to
 * the FHIR repository or quarantined with its reason and raw text, and audited either way.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { BridgeContext } from './bridge-context';
import { BridgeRejection, subjectKey, type BridgeRecord, type RejectionCode } from './records';

export interface InboundRecord {
  source: 'mllp' | 'csv';
  dedupeKey: string;
  messageType: string;
  /** The text kept while quarantined (the message, or the CSV row as JSON). */
  raw: string;
  /** The sender's time of the change; null: no order to keep. */
  eventAt: Date | null;
  receivedAt: Date;
  /** Maps the input to a record; throws BridgeRejection for bad input. */
  toRecord: () => BridgeRecord;
}

export type ApplyOutcome =
  | { status: 'applied'; recordId: bigint; patientId: string | null }
  | { status: 'duplicate'; recordId: bigint }
  | { status: 'quarantined'; recordId: bigint; reason: RejectionCode; field: string | null; retryable: boolean };

async function applyToTarget(context: BridgeContext, record: BridgeRecord): Promise<string | null> {
  switch (record.kind) {
    case 'patient':
      return (await context.target.applyPatient(record)).patientId;
    case 'appointment':
      return (await context.target.applyAppointment(record)).patientId;
    case 'slot':
      await context.target.applySlot(record);
      return null;
  }
}

export async function applyBridgeRecord(
  context: BridgeContext,
  input: InboundRecord,
  options: { retry?: boolean } = {},
): Promise<ApplyOutcome> {
  const { database, tenant } = context;
  const now = context.now ?? ((): Date => new Date());
  const previous = await database.bridgeRecord.findUnique({
    where: { tenantId_dedupeKey: { tenantId: tenant.id, dedupeKey: input.dedupeKey } },
  });
  if (previous?.status === 'applied') {
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'system', id: 'bridge' },
      action: 'bridge.record.duplicate',
      outcome: 'success',
      ...(previous.patientId ? { patientId: previous.patientId } : {}),
      detail: { recordId: previous.id.toString(), messageType: input.messageType, source: input.source },
    });
    return { status: 'duplicate', recordId: previous.id };
  }
  let record: BridgeRecord | null = null;
  let patientId: string | null = null;
  let rejection: BridgeRejection | null = null;
  try {
    record = input.toRecord();
    const subject = subjectKey(record);
    if (input.eventAt && !options.retry) {
      const newer = await database.bridgeRecord.findFirst({
        where: { tenantId: tenant.id, subjectKey: subject, status: 'applied', eventAt: { gt: input.eventAt } },
        select: { id: true },
      });
      if (newer) throw new BridgeRejection('outOfOrder', 'MSH-7');
    }
    patientId = await applyToTarget(context, record);
  } catch (error) {
    if (!(error instanceof BridgeRejection)) throw error;
    rejection = error;
  }
  const subject = record ? subjectKey(record) : null;
  const finished = now();
  const data = {
    source: input.source,
    messageType: input.messageType,
    subjectKey: subject,
    eventAt: input.eventAt,
    patientId,
    ...(rejection
      ? { status: 'quarantined', reason: rejection.code, reasonField: rejection.field, raw: input.raw, appliedAt: null }
      : {
          status: 'applied',
          reason: null,
          reasonField: null,
          raw: null,
          appliedAt: finished,
          latencyMs: Math.max(0, finished.getTime() - input.receivedAt.getTime()),
        }),
  };
  const row = previous
    ? await database.bridgeRecord.update({ where: { id: previous.id }, data: { ...data, attempts: { increment: 1 } } })
    : await database.bridgeRecord.create({
        data: { ...data, tenantId: tenant.id, dedupeKey: input.dedupeKey, receivedAt: input.receivedAt },
      });
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'system', id: 'bridge' },
    action: rejection ? 'bridge.record.quarantined' : 'bridge.record.applied',
    outcome: rejection ? 'failure' : 'success',
    ...(patientId ? { patientId } : {}),
    detail: {
      recordId: row.id.toString(),
      messageType: input.messageType,
      source: input.source,
      ...(rejection ? { reason: rejection.code, field: rejection.field } : {}),
    },
  });
  return rejection
    ? {
        status: 'quarantined',
        recordId: row.id,
        reason: rejection.code,
        field: rejection.field,
        retryable: rejection.retryable,
      }
    : { status: 'applied', recordId: row.id, patientId };
}
