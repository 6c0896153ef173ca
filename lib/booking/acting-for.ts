/**
 * Who a signed-in patient may act for: themselves, and each dependent with an active guardian link in
 * the EHR, checked against the EHR on every request (no cache), so a revoked link takes effect at
 * once. Anyone else is "not found", never "forbidden", so existence is not revealed.
 */
import { AppError } from '@/lib/errors';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { PatientSummary } from '@/lib/scheduling/types';

export interface ActingFor {
  /** The signed-in patient (guardian when acting for a dependent). */
  account: PatientSummary;
  /** The patient the visit is for. */
  subject: PatientSummary;
  /** Everyone the account may act for, self first. */
  allowed: PatientSummary[];
}

export async function resolveActingFor(
  provider: SchedulingProvider,
  accountPatientId: string,
  subjectPatientId?: string,
): Promise<ActingFor> {
  const account = await provider.getPatient(accountPatientId);
  const dependents = await provider.listDependents(account);
  const allowed = [account, ...dependents.map((dependent) => dependent.patient)];
  const subject = allowed.find((patient) => patient.id === (subjectPatientId ?? account.id));
  if (!subject) throw new AppError('not_found', 'people.notBookingFor');
  return { account, subject, allowed };
}
