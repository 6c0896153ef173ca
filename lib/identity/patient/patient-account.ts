import type { Database } from '@/lib/db/client';

export interface PatientAccount {
  id: string;
  tenantId: string;
  providerPatientId: string;
  preferredLocale: string | null;
  preferredChannel: string | null;
  sessionVersion: number;
}

/** The columns of a PatientAccount that sign-in and sessions need. */
export const PATIENT_ACCOUNT_SELECT = {
  id: true,
  tenantId: true,
  providerPatientId: true,
  preferredLocale: true,
  preferredChannel: true,
  sessionVersion: true,
} as const;

/** The stored contact preference as the channel it names, or null when none (or an unknown one) is stored. */
export function contactChannelOf(preferredChannel: string | null | undefined): 'sms' | 'email' | null {
  return preferredChannel === 'sms' || preferredChannel === 'email' ? preferredChannel : null;
}

/** The app account of an EHR patient, created on first sign-in. */
export async function ensurePatientAccount(
  database: Database,
  tenantId: string,
  providerPatientId: string,
): Promise<PatientAccount> {
  return database.patientAccount.upsert({
    where: { tenantId_providerPatientId: { tenantId, providerPatientId } },
    create: { tenantId, providerPatientId },
    update: {},
    select: PATIENT_ACCOUNT_SELECT,
  });
}

/** Ends every session of the account at once ("log out everywhere"). */
export async function revokePatientSessions(database: Database, patientAccountId: string): Promise<void> {
  await database.patientAccount.update({ where: { id: patientAccountId }, data: { sessionVersion: { increment: 1 } } });
}
