/**
 * Brings every clinic's stored secrets to the current key (lib/security/secrets.ts): encrypts values
 * stored before encryption existed and re-encrypts those under a previous key (rotation). Run by the
 * launcher at start; idempotent. Returns how many clinics were rewritten.
 */
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { encryptSecrets, type SecretsKeyRing } from '@/lib/security/secrets';

export async function reencryptTenantSecrets(
  database: Database,
  ring: SecretsKeyRing,
  /** Only these clinics (default: all). */
  slugs?: readonly string[],
): Promise<number> {
  const rows = await database.tenant.findMany({
    ...(slugs ? { where: { slug: { in: [...slugs] } } } : {}),
    select: { id: true, fhirAuth: true, insuranceSettings: true },
  });
  let rewritten = 0;
  for (const row of rows) {
    const fhirAuth = encryptSecrets(row.fhirAuth, ring);
    const insuranceSettings = encryptSecrets(row.insuranceSettings, ring);
    if (
      JSON.stringify(fhirAuth) === JSON.stringify(row.fhirAuth) &&
      JSON.stringify(insuranceSettings) === JSON.stringify(row.insuranceSettings)
    )
      continue;
    await database.tenant.update({
      where: { id: row.id },
      data: {
        fhirAuth: fhirAuth as Prisma.InputJsonValue,
        insuranceSettings: insuranceSettings as Prisma.InputJsonValue,
      },
    });
    rewritten += 1;
  }
  return rewritten;
}
