/**
 * The operator's way in (the first administrator of a new clinic, or an administrator who lost
 * every passkey and has no other administrator): `npm run staff:add` and `npm run staff:enrolment-code`
 * make a one-time enrolment code from the command line, which only someone with the database's
 * credentials runs. `reset` also removes the user's passkeys and ends their sessions. Audited with
 * the system as actor.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { staffEmailSchema } from '@/lib/identity/staff/staff-user';
import { storeEnrolmentCode, type IssuedEnrolmentCode } from './enrolment-code';

export async function issueEnrolmentCodeByOperator(
  database: Database,
  input: { tenantId: string; email: string; reset?: boolean; code?: string; days?: number; actorId?: string },
): Promise<IssuedEnrolmentCode & { removed: number }> {
  const email = staffEmailSchema.safeParse(input.email);
  const user = email.success
    ? await database.staffUser.findUnique({
        where: { tenantId_email: { tenantId: input.tenantId, email: email.data } },
      })
    : null;
  if (!user) throw new AppError('not_found', 'staffPasskeys.memberNotFound');
  const { issued, removed } = await database.$transaction(async (tx) => {
    let removedCount = 0;
    if (input.reset) {
      removedCount = (
        await tx.passkeyCredential.deleteMany({ where: { tenantId: input.tenantId, staffUserId: user.id } })
      ).count;
      await tx.staffUser.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    }
    const code = await storeEnrolmentCode(tx, {
      tenantId: input.tenantId,
      staffUserId: user.id,
      issuedById: null,
      ...(input.code ? { code: input.code } : {}),
      ...(input.days ? { days: input.days } : {}),
    });
    return { issued: code, removed: removedCount };
  });
  await recordAudit(database, {
    tenantId: input.tenantId,
    actor: { type: 'system', ...(input.actorId ? { id: input.actorId } : {}) },
    action: input.reset ? 'staff.passkeys_reset' : 'staff.enrolment_code_issued',
    outcome: 'success',
    detail: { staffUserId: user.id, removed, codeExpiresAt: issued.expiresAt.toISOString() },
  });
  return { ...issued, removed };
}
