/**
 * Leaving the waitlist: the entry (one's own or a dependent's, made from this account) stops being
 * offered slots; offers already sent for it no longer take a slot. Another account's entry, or one
 * already left or fulfilled, is "not found" and nothing changes. Audited (`waitlist.leave`).
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { PatientActor } from '@/lib/booking/booking-deps';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';

export async function leaveWaitlist(
  deps: { database: Database },
  actor: Pick<PatientActor, 'tenant' | 'accountId' | 'origin'>,
  input: { entryId: string },
): Promise<void> {
  const { database } = deps;
  const { tenant } = actor;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(input.entryId)) throw new AppError('not_found', 'waitlist.entryNotFound');
  const entry = await database.waitlistEntry.findFirst({
    where: { id: input.entryId, tenantId: tenant.id, accountId: actor.accountId, status: 'active' },
  });
  if (!entry) throw new AppError('not_found', 'waitlist.entryNotFound');
  await database.$transaction([
    database.waitlistEntry.update({ where: { id: entry.id }, data: { status: 'cancelled' } }),
    database.waitlistOffer.updateMany({ where: { entryId: entry.id, status: 'sent' }, data: { status: 'expired' } }),
  ]);
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'waitlist.leave',
    outcome: 'success',
    patientId: entry.patientId,
    origin: actor.origin,
    detail: { entryId: entry.id },
  });
}
