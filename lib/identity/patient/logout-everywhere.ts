/** "Log out everywhere": every session of this patient account stops working at once. Audited. */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { revokePatientSessions } from './patient-account';

export interface LogoutEverywhereInput {
  tenantId: string;
  accountId: string;
  patientId: string;
  origin: RequestOrigin;
}

export async function logoutEverywhere(deps: { database: Database }, input: LogoutEverywhereInput): Promise<void> {
  await revokePatientSessions(deps.database, input.accountId);
  await recordAudit(deps.database, {
    tenantId: input.tenantId,
    actor: { type: 'patient', id: input.accountId },
    action: 'patient.logout_everywhere',
    outcome: 'success',
    patientId: input.patientId,
    origin: input.origin,
  });
}
