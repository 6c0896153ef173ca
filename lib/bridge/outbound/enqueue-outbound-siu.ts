/**
 * The app booked, moved or cancelled an appointment of a bridged clinic: the SIU message that tells
 * the legacy EHR (S12, S13, S15) is recorded in the clinic's outbox, once per appointment version (a
 * repeated booking request enqueues nothing new), to be delivered in order (deliver-outbound.ts).
 */
import { createHash } from 'node:crypto';
import type { Database } from '@/lib/db/client';
import type { AppointmentWrite, AppointmentWriteListener } from '@/lib/scheduling/appointment-writes';
import type { BridgeContext } from '../bridge-context';
import { loadBridgeContext } from '../configure-bridge';
import { buildSiu } from '../hl7/build-hl7';

const EVENTS = { booked: 'S12', rescheduled: 'S13', cancelled: 'S15' } as const;

export async function enqueueOutboundSiu(context: BridgeContext, write: AppointmentWrite): Promise<boolean> {
  const outbound = context.settings.outbound;
  if (outbound.mode === 'none') return false;
  const event = EVENTS[write.kind];
  const controlId = createHash('sha256')
    .update(`${write.appointment.id}:${write.appointment.version}:${event}`)
    .digest('hex')
    .slice(0, 20)
    .toUpperCase();
  const exists = await context.database.bridgeOutbound.findUnique({ where: { controlId }, select: { id: true } });
  if (exists) return false;
  const facts = await context.target.describeAppointment(write.appointment.id);
  const payload = buildSiu({
    ...facts,
    event,
    controlId,
    facility: context.tenant.slug,
    receivingApplication: outbound.mode === 'mllp' ? outbound.receivingApplication : 'EHR',
    receivingFacility: outbound.mode === 'mllp' ? outbound.receivingFacility : '',
  });
  await context.database.bridgeOutbound.createMany({
    data: [{ tenantId: context.tenant.id, appointmentId: write.appointment.id, event, controlId, payload }],
    skipDuplicates: true,
  });
  return true;
}

/** The listener the app registers at start-up (lib/scheduling/appointment-writes.ts). */
export function outboundListener(database: Database): AppointmentWriteListener {
  return async (tenant, write) => {
    const context = await loadBridgeContext(database, tenant.id);
    if (context) await enqueueOutboundSiu(context, write);
  };
}
