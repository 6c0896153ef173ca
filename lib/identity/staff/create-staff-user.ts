import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { hashPassword } from '@/lib/security/password';
import { newStaffUserSchema, type NewStaffUser, type StaffIdentity } from './staff-user';

/** Adds a clinic employee. Email is unique per clinic. */
export async function createStaffUser(
  database: Database,
  tenantId: string,
  input: NewStaffUser,
): Promise<StaffIdentity> {
  const parsed = newStaffUserSchema.safeParse(input);
  if (!parsed.success) {
    const details = Object.fromEntries(
      parsed.error.issues.map((issue) => [issue.path.map(String).join('.'), issue.message]),
    );
    throw new AppError('invalid_input', 'staff.accountInvalid', {
      params: {
        problems: Object.entries(details)
          .map(([key, message]) => `${key} ${message}`)
          .join('; '),
      },
      details,
    });
  }
  const { password, ...fields } = parsed.data;
  try {
    const row = await database.staffUser.create({
      data: { ...fields, tenantId, passwordHash: await hashPassword(password) },
    });
    return {
      id: row.id,
      tenantId: row.tenantId,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      locationIds: row.locationIds,
      sessionVersion: row.sessionVersion,
    };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', 'staff.accountExists', { params: { email: parsed.data.email }, cause: error });
    }
    throw error;
  }
}
