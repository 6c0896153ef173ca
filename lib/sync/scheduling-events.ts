/**
 * Vendor-neutral scheduling events, detected from the EHR's change feed (run-clinic-sync.ts) and
 * stored once per record version in `SchedulingEvent`: the app reacts to them (react-to-event.ts), and
 * a waitlist (a later issue) reads the `slot-opened` ones with {@link listSchedulingEvents}. Payloads
 * carry ids, instants and statuses only, never PHI.
 */
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';

const instant = z.string();

/** What every appointment event carries. */
const appointmentEventFields = {
  appointmentId: z.string(),
  version: z.string(),
  patientId: z.string(),
  /** Who is told: the account holder (the guardian, for a dependent's visit). */
  holderPatientId: z.string(),
  start: instant,
  locationId: z.string().nullable(),
};

export const schedulingEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('appointment-cancelled'), ...appointmentEventFields }),
  z.object({ type: z.literal('appointment-moved'), ...appointmentEventFields, previousStart: instant }),
  z.object({ type: z.literal('appointment-booked'), ...appointmentEventFields }),
  z.object({ type: z.literal('appointment-noshow'), ...appointmentEventFields }),
  /** Gone from the EHR (deleted, not cancelled): noticed by comparing the followed appointments with the EHR's. */
  z.object({ type: z.literal('appointment-deleted'), ...appointmentEventFields }),
  z.object({
    type: z.literal('slot-opened'),
    slotId: z.string(),
    version: z.string(),
    scheduleId: z.string(),
    start: instant,
    end: instant,
    serviceCode: z.string().nullable(),
    practitionerId: z.string().nullable(),
    locationId: z.string().nullable(),
  }),
  z.object({
    type: z.literal('schedule-blocked'),
    scheduleId: z.string(),
    version: z.string(),
    /** The blocked slot, or null when the whole schedule was taken out of use. */
    slotId: z.string().nullable(),
    start: instant.nullable(),
    end: instant.nullable(),
  }),
]);
export type SchedulingEvent = z.infer<typeof schedulingEventSchema>;
export type SchedulingEventType = SchedulingEvent['type'];

/** The record an event is about, and the key that makes it once per version. */
export function eventIdentity(event: SchedulingEvent): { resourceId: string; dedupeKey: string } {
  const resourceId =
    'appointmentId' in event ? event.appointmentId : event.type === 'slot-opened' ? event.slotId : event.scheduleId;
  const record = event.type === 'schedule-blocked' && event.slotId ? event.slotId : resourceId;
  return { resourceId, dedupeKey: `${event.type}:${record}:${event.version}` };
}

/**
 * Rows per insert. A run may detect thousands of events at once (a bulk change in the EHR): Prisma
 * compiles each statement in the process, and one statement of thousands of rows held the event loop
 * for seconds, so they go in statements of this many.
 */
const EVENTS_PER_INSERT = 200;

/** Stores events not stored before (by clinic and dedupe key); returns how many were new. */
export async function storeSchedulingEvents(
  database: Database | Prisma.TransactionClient,
  tenantId: string,
  events: { event: SchedulingEvent; changedAt: string }[],
): Promise<number> {
  let stored = 0;
  for (let from = 0; from < events.length; from += EVENTS_PER_INSERT) {
    const result = await database.schedulingEvent.createMany({
      data: events.slice(from, from + EVENTS_PER_INSERT).map(({ event, changedAt }) => ({
        tenantId,
        type: event.type,
        ...eventIdentity(event),
        payload: event,
        changedAt: new Date(changedAt),
      })),
      skipDuplicates: true,
    });
    stored += result.count;
  }
  return stored;
}

/**
 * A clinic's events of one type after an event id, oldest first: the seam a waitlist consumes
 * (`listSchedulingEvents(db, tenantId, { type: 'slot-opened', afterId })`), keeping its own position.
 */
export async function listSchedulingEvents<T extends SchedulingEventType>(
  database: Database,
  tenantId: string,
  query: { type: T; afterId?: bigint; limit?: number },
): Promise<{ id: bigint; changedAt: Date; event: Extract<SchedulingEvent, { type: T }> }[]> {
  const rows = await database.schedulingEvent.findMany({
    where: { tenantId, type: query.type, ...(query.afterId !== undefined ? { id: { gt: query.afterId } } : {}) },
    orderBy: { id: 'asc' },
    take: query.limit ?? 100,
  });
  return rows.map((row) => ({
    id: row.id,
    changedAt: row.changedAt,
    event: schedulingEventSchema.parse(row.payload) as Extract<SchedulingEvent, { type: T }>,
  }));
}
