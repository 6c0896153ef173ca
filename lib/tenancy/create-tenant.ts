import { AppError } from '@/lib/errors';
import type { Database } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { encryptSecrets } from '@/lib/security/secrets';
import { tenantFromRow, type Tenant } from './tenant';
import { newTenantSchema, type NewTenant } from './tenant-settings';

function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): Record<string, string> {
  return Object.fromEntries(error.issues.map((issue) => [issue.path.map(String).join('.') || 'tenant', issue.message]));
}

/**
 * Onboards a clinic: validates its settings and stores it, credentials encrypted (SECRETS_KEY). Takes
 * effect immediately on every running replica (tenants are read per request). Throws `invalid_input`
 * with field details, or `conflict` when the slug is taken.
 */
export async function createTenant(database: Database, input: NewTenant): Promise<Tenant> {
  const parsed = newTenantSchema.safeParse(input);
  if (!parsed.success) {
    const details = describeIssues(parsed.error);
    throw new AppError('invalid_input', 'clinic.settingsInvalid', {
      params: {
        problems: Object.entries(details)
          .map(([key, message]) => `${key} ${message}`)
          .join('; '),
      },
      details,
    });
  }
  try {
    const { fhirAuth, insuranceSettings } = parsed.data;
    const row = await database.tenant.create({
      data: {
        ...parsed.data,
        fhirAuth: encryptSecrets(fhirAuth),
        insuranceSettings: encryptSecrets(insuranceSettings),
      },
    });
    return tenantFromRow(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', 'clinic.slugTaken', { params: { slug: parsed.data.slug }, cause: error });
    }
    throw error;
  }
}
