/**
 * Sends a bridged clinic's outbox to its legacy EHR, oldest first, one message at a time: over MLLP,
 * each retried (capped exponential backoff) until the EHR acknowledges it, later ones waiting so the
 * EHR sees them in order; or appended to a CSV outbox file (`outbox.csv`, csv-stringify: a header line,
 * then one row per message with the SIU text as one quoted field) for EHRs that import files. A NAK (AE/AR:
 * the EHR refuses the booking, e.g. the slot was taken there) cancels the booking in the FHIR
 * repository; change detection then tells the patient, as for any cancellation by the clinic, with the
 * times still open for the same visit.
 */
import { appendFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { recordAudit } from '@/lib/audit/record-audit';
import type { BridgeContext } from '../bridge-context';
import { readAck } from '../hl7/build-hl7';
import { MllpClient } from '../mllp/mllp-client';

export interface DeliveryResult {
  sent: number;
  rejected: number;
  waiting: number;
}

const clients = new Map<string, MllpClient>();

function clientFor(tenantId: string, host: string, port: number, timeoutMs: number): MllpClient {
  const key = `${tenantId}:${host}:${port}`;
  let client = clients.get(key);
  if (!client) {
    client = new MllpClient(host, port, timeoutMs);
    clients.set(key, client);
  }
  return client;
}

/** Closes the outbound connections (tests, shutdown). */
export function closeOutboundConnections(): void {
  for (const client of clients.values()) client.close();
  clients.clear();
}

/** The CSV outbox's header line; each message is one row, the SIU text quoted as one field. */
export const OUTBOX_CSV_COLUMNS = ['controlId', 'event', 'appointmentId', 'message'] as const;

async function appendOutboxCsv(
  folder: string,
  message: { controlId: string; event: string; appointmentId: string; payload: string },
): Promise<void> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'outbox.csv');
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  const row = [message.controlId, message.event, message.appointmentId, message.payload];
  await appendFile(file, stringify([row], { header: !exists, columns: [...OUTBOX_CSV_COLUMNS] }));
}

function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.min(attempts, 10)) * (0.8 + Math.random() * 0.4);
}

export async function deliverOutbound(context: BridgeContext, now = new Date()): Promise<DeliveryResult> {
  const { database, tenant, settings } = context;
  const outbound = settings.outbound;
  const result: DeliveryResult = { sent: 0, rejected: 0, waiting: 0 };
  if (outbound.mode === 'none') return result;
  const pending = await database.bridgeOutbound.findMany({
    where: { tenantId: tenant.id, status: 'pending' },
    orderBy: { id: 'asc' },
    take: 100,
  });
  for (const [index, message] of pending.entries()) {
    if (message.nextAttemptAt > now) {
      result.waiting = pending.length - index;
      break;
    }
    if (outbound.mode === 'csv') {
      await appendOutboxCsv(outbound.folder, message);
      await database.bridgeOutbound.update({
        where: { id: message.id },
        data: { status: 'acknowledged', attempts: { increment: 1 }, acknowledgedAt: new Date() },
      });
      result.sent += 1;
      continue;
    }
    const client = clientFor(tenant.id, outbound.host, outbound.port, outbound.ackTimeoutSeconds * 1000);
    let answer: string | null = null;
    let failure: string | null = null;
    try {
      answer = await client.send(message.payload);
    } catch (error) {
      failure = error instanceof Error ? error.message.slice(0, 200) : 'send failed';
    }
    const ack = answer ? readAck(answer) : null;
    if (!ack || ack.controlId !== message.controlId || !['AA', 'CA', 'AE', 'AR', 'CE', 'CR'].includes(ack.code)) {
      await database.bridgeOutbound.update({
        where: { id: message.id },
        data: {
          attempts: { increment: 1 },
          nextAttemptAt: new Date(now.getTime() + backoffMs(message.attempts + 1)),
          lastError: failure ?? 'no acknowledgement for this message',
        },
      });
      result.waiting = pending.length - index;
      break;
    }
    const accepted = ack.code === 'AA' || ack.code === 'CA';
    await database.bridgeOutbound.update({
      where: { id: message.id },
      data: {
        status: accepted ? 'acknowledged' : 'rejected',
        attempts: { increment: 1 },
        acknowledgedAt: new Date(),
        lastError: accepted ? null : ack.code,
      },
    });
    if (accepted) {
      result.sent += 1;
      continue;
    }
    result.rejected += 1;
    if (message.event !== 'S15')
      await context.target.cancelRefusedBooking(
        message.appointmentId,
        "The clinic's schedule could not keep this time.",
      );
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'system', id: 'bridge' },
      action: 'bridge.outbound.rejected',
      outcome: 'failure',
      detail: { appointmentId: message.appointmentId, event: message.event, ack: ack.code },
    });
  }
  return result;
}
