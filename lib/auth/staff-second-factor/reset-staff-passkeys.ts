/**
 * The recovery path an administrator controls: for another staff member of the clinic (a lost
 * phone, a new starter, someone who never enrolled), every passkey of theirs is removed, every
 * session of theirs ends, and a new one-time enrolment code is made, shown once to the
 * administrator to hand over in person or by phone. An administrator cannot do it for themselves
 * (another administrator, or the operator's `npm run staff:enrolment-code`, can). One transaction;
 * audited as `staff.passkeys_reset` and one `passkey.removed` per passkey.
 */
import { z } from 'zod';
import { recordAudits, type AuditEntry, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import { storeEnrolmentCode, type IssuedEnrolmentCode } from './enrolment-code';

export interface StaffAdminActor {
  tenantId: string;
  staffId: string;
  role: StaffRole;
  origin: RequestOrigin;
}

export async function resetStaffPasskeys(
  database: Database,
  input: { admin: StaffAdminActor; staffUserId: string; now?: Date },
): Promise<IssuedEnrolmentCode & { removed: number }> {
  const { admin } = input;
  if (admin.role !== 'admin') throw new AppError('forbidden', 'session.roleForbidden');
  const target = z.uuid().safeParse(input.staffUserId).success
    ? await database.staffUser.findFirst({ where: { id: input.staffUserId, tenantId: admin.tenantId } })
    : null;
  if (!target) throw new AppError('not_found', 'staffPasskeys.memberNotFound');
  if (target.id === admin.staffId) throw new AppError('forbidden', 'staffPasskeys.notYourOwn');
  const { issued, removedIds } = await database.$transaction(async (tx) => {
    const passkeys = await tx.passkeyCredential.findMany({
      where: { tenantId: admin.tenantId, staffUserId: target.id },
      select: { id: true },
    });
    await tx.passkeyCredential.deleteMany({ where: { tenantId: admin.tenantId, staffUserId: target.id } });
    await tx.staffUser.update({ where: { id: target.id }, data: { sessionVersion: { increment: 1 } } });
    const code = await storeEnrolmentCode(tx, {
      tenantId: admin.tenantId,
      staffUserId: target.id,
      issuedById: admin.staffId,
      ...(input.now ? { now: input.now } : {}),
    });
    return { issued: code, removedIds: passkeys.map((passkey) => passkey.id) };
  });
  const actor = { type: 'staff', id: admin.staffId, role: admin.role } as const;
  const entries: AuditEntry[] = [
    ...removedIds.map((passkeyId): AuditEntry => ({
      tenantId: admin.tenantId,
      actor,
      action: 'passkey.removed',
      outcome: 'success',
      origin: admin.origin,
      detail: { passkeyId, staffUserId: target.id, by: 'reset' },
    })),
    {
      tenantId: admin.tenantId,
      actor,
      action: 'staff.passkeys_reset',
      outcome: 'success',
      origin: admin.origin,
      detail: { staffUserId: target.id, removed: removedIds.length, codeExpiresAt: issued.expiresAt.toISOString() },
    },
  ];
  await recordAudits(database, entries);
  return { ...issued, removed: removedIds.length };
}
