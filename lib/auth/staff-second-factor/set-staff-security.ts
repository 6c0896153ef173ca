/**
 * An administrator sets who needs a passkey after the password: administrators only (the least a
 * clinic can choose) or everyone. Takes effect on the next request of every session. Audited.
 */
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { staffSecuritySchema, type StaffSecurity } from '@/lib/tenancy/tenant-settings';
import type { StaffAdminActor } from './reset-staff-passkeys';

export const staffSecurityBodySchema = z.object({ passkeysRequiredFor: z.enum(['admins', 'everyone']) }).strict();

export async function setStaffSecurity(
  database: Database,
  input: { admin: StaffAdminActor; settings: z.infer<typeof staffSecurityBodySchema> },
): Promise<StaffSecurity> {
  if (input.admin.role !== 'admin') throw new AppError('forbidden', 'session.roleForbidden');
  const settings = staffSecuritySchema.parse(input.settings);
  await database.tenant.update({ where: { id: input.admin.tenantId }, data: { staffSecurity: settings } });
  await recordAudit(database, {
    tenantId: input.admin.tenantId,
    actor: { type: 'staff', id: input.admin.staffId, role: input.admin.role },
    action: 'clinic.staff_security_changed',
    outcome: 'success',
    origin: input.admin.origin,
    detail: { passkeysRequiredFor: settings.passkeysRequiredFor },
  });
  return settings;
}
