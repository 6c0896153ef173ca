/**
 * Releasing the patient's hold of a slot (going back from the review, or leaving it): the slot is free
 * for others at once instead of when the hold runs out. Only the patient's own hold (or their
 * dependent's) is touched; one that already ended or was booked stays as it is. Audited.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { resolveActingFor } from './acting-for';
import type { BookingDeps, PatientActor } from './booking-deps';

export async function releaseHold(
  deps: Pick<BookingDeps, 'database' | 'provider'>,
  actor: PatientActor,
  input: { forPatientId: string; holdId: string },
): Promise<{ released: true }> {
  const acting = await resolveActingFor(deps.provider, actor.patientId, input.forPatientId);
  await deps.provider.releaseHold({ holdId: input.holdId, patientId: acting.subject.id });
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'slot.release_hold',
    outcome: 'success',
    patientId: acting.subject.id,
    origin: actor.origin,
    detail: { holdId: input.holdId },
  });
  return { released: true };
}
