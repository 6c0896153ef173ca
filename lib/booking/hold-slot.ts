/**
 * Holding a slot while the patient reviews it (IHE ITI-116 `$hold`, where the clinic's EHR offers it):
 * nobody else can book it until the hold runs out (the clinic's `providerSettings.holdSeconds`), and
 * confirming books the held slot. `hold: null` where the EHR offers no holds: the review works as
 * without one. A slot taken meanwhile is a `conflict` with the nearest free times instead. Audited.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { SlotHold } from '@/lib/scheduling/types';
import { assertOnlineBookingAllowed } from '@/lib/tenancy/ehr-check';
import { resolveActingFor } from './acting-for';
import { slotTaken } from './book-appointment';
import type { BookingDeps, PatientActor } from './booking-deps';

export async function holdSlot(
  deps: Pick<BookingDeps, 'database' | 'provider'>,
  actor: PatientActor,
  input: { forPatientId: string; slotId: string },
): Promise<{ hold: SlotHold | null }> {
  assertOnlineBookingAllowed(actor.tenant);
  const { provider } = deps;
  const acting = await resolveActingFor(provider, actor.patientId, input.forPatientId);
  const audit = (outcome: 'success' | 'failure', detail: Record<string, string>): Promise<void> =>
    recordAudit(deps.database, {
      tenantId: actor.tenant.id,
      actor: { type: 'patient', id: actor.accountId },
      action: 'slot.hold',
      outcome,
      patientId: acting.subject.id,
      origin: actor.origin,
      detail,
    });
  try {
    const hold = await provider.holdSlot({
      slotId: input.slotId,
      patientId: acting.subject.id,
      seconds: actor.tenant.providerSettings.holdSeconds,
    });
    if (hold) await audit('success', { slotId: input.slotId, holdId: hold.id });
    return { hold };
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    await audit('failure', { reason: 'slot_taken', slotId: input.slotId });
    const slot = await provider.getSlot(input.slotId).catch(() => null);
    throw slot ? await slotTaken(deps, actor, slot, error) : error;
  }
}
