/**
 * Removing a passkey: it stops working at once, and every session of the account ends with it (the
 * sessions it opened among them), the way turning the QR code off does: sessions are stateless
 * cookies, and the account's session version is what revokes them. Audited.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { auditActorOf, auditPatient, ownerWhere, type PasskeyActor, type PasskeyDeps } from './passkey-owner';

export async function removePasskey(deps: PasskeyDeps, input: PasskeyActor & { passkeyId: string }): Promise<void> {
  const { owner } = input;
  const removed = await deps.database.$transaction(async (tx) => {
    const deleted = await tx.passkeyCredential.deleteMany({ where: { id: input.passkeyId, ...ownerWhere(owner) } });
    if (deleted.count === 0) return false;
    if (owner.kind === 'patient')
      await tx.patientAccount.update({ where: { id: owner.accountId }, data: { sessionVersion: { increment: 1 } } });
    else await tx.staffUser.update({ where: { id: owner.staffUserId }, data: { sessionVersion: { increment: 1 } } });
    return true;
  });
  await recordAudit(deps.database, {
    tenantId: owner.tenantId,
    actor: auditActorOf(owner),
    action: 'passkey.removed',
    outcome: removed ? 'success' : 'failure',
    ...auditPatient(owner),
    origin: input.origin,
    detail: removed ? { passkeyId: input.passkeyId } : { reason: 'not_found' },
  });
  if (!removed) throw new AppError('not_found', 'passkeys.notFound');
}
