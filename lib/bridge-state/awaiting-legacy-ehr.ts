/**
 * (Its own folder: lib/booking and lib/patients read it, and lib/bridge uses lib/booking.)
 *
 * Which of a clinic's appointments the app booked or moved but the legacy EHR has not acknowledged
 * yet (their SIU S12/S13 still in the outbox): the patient sees them as confirmed by the clinic's
 * online schedule, not yet by the clinic's own system. Empty for a clinic without a bridge.
 */
import type { Database } from '@/lib/db/client';

export async function appointmentsAwaitingLegacyEhr(
  database: Database,
  tenantId: string,
  appointmentIds: readonly string[],
): Promise<Set<string>> {
  if (appointmentIds.length === 0) return new Set();
  const pending = await database.bridgeOutbound.findMany({
    where: { tenantId, appointmentId: { in: [...appointmentIds] }, status: 'pending', event: { in: ['S12', 'S13'] } },
    select: { appointmentId: true },
  });
  return new Set(pending.map((row) => row.appointmentId));
}
