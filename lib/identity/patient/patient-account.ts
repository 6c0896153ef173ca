import type { Database } from '@/lib/db/client';

export interface PatientAccount {
  id: string;
  tenantId: string;
  providerPatientId: string;
  preferredLocale: string | null;
  preferredChannel: string | null;
  sessionVersion: number;
}

/** The app account of an EHR patient, created on first sign-in. */
export async function ensurePatientAccount(database: Database, tenantId: string, providerPatientId: string): Promise<PatientAccount> {
  return database.patientAccount.upsert({
    where: { tenantId_providerPatientId: { tenantId, providerPatientId } },
    create: { tenantId, providerPatientId },
    update: {},
    select: { id: true, tenantId: true, providerPatientId: true, preferredLocale: true, preferredChannel: true, sessionVersion: true },
  });
}

/** Ends every session of the account at once ("log out everywhere"). */
export async function revokePatientSessions(database: Database, patientAccountId: string): Promise<void> {
  await database.patientAccount.update({ where: { id: patientAccountId }, data: { sessionVersion: { increment: 1 } } });
}
