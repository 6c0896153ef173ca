/** MRN sign-in, step 3: the one-time code; signs the patient in (creating their app account on first use). */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Tenant } from '@/lib/tenancy/tenant';
import { verifyCode } from './one-time-code';
import { ensurePatientAccount, type PatientAccount } from './patient-account';
import {
  CODE_FAILURES_PER_ACCOUNT,
  CODE_FAILURES_PER_ACCOUNT_AND_SOURCE,
  forgiveAttempts,
  sourceOf,
  settleSuccess,
  takeAttempts,
  type FailureCount,
  type LoginDeps,
} from './mrn-login';

export type CodeLoginResult =
  | { status: 'signed-in'; account: PatientAccount; patientId: string }
  | { status: 'wrong_code'; attemptsLeft: number }
  | { status: 'expired' | 'locked' | 'invalid' };

/** Step 3: the code. Signs the patient in (creating their app account on first use). */
export async function verifyLoginCode(
  deps: LoginDeps,
  input: { tenant: Tenant; loginId: string; code: string; origin: RequestOrigin },
): Promise<CodeLoginResult> {
  const { database } = deps;
  if (!/^\d{6}$/.test(input.code.trim())) return { status: 'wrong_code', attemptsLeft: 0 };
  // Wrong codes count per account (every code sent to it) and per account and source, so that asking
  // for new codes buys a guesser nothing; a decoy challenge counts for itself alone.
  const challenge = await database.otpChallenge.findFirst({
    where: { id: input.loginId, tenantId: input.tenant.id, purpose: 'login' },
    select: { subject: true },
  });
  const accountKey = !challenge || challenge.subject === 'decoy' ? `decoy:${input.loginId}` : challenge.subject;
  const bySource: FailureCount = [CODE_FAILURES_PER_ACCOUNT_AND_SOURCE, `${accountKey}|${sourceOf(input.origin)}`];
  const failures: FailureCount[] = [bySource, [CODE_FAILURES_PER_ACCOUNT, accountKey]];
  await takeAttempts(database, failures, input.tenant, input.origin, 'patient.login');
  const check = await verifyCode(database, {
    tenantId: input.tenant.id,
    challengeId: input.loginId,
    code: input.code,
    secret: deps.secret,
  });
  if (check.status === 'verified' && check.purpose === 'login' && check.subject !== 'decoy') {
    await settleSuccess(
      database,
      { clear: [bySource], forgive: [[CODE_FAILURES_PER_ACCOUNT, accountKey]] },
      input.tenant.id,
    );
    const account = await ensurePatientAccount(database, input.tenant.id, check.subject);
    await recordAudit(database, {
      tenantId: input.tenant.id,
      actor: { type: 'patient', id: account.id },
      action: 'patient.login',
      outcome: 'success',
      patientId: check.subject,
      origin: input.origin,
      detail: { method: 'mrn-code' },
    });
    return { status: 'signed-in', account, patientId: check.subject };
  }
  await recordAudit(database, {
    tenantId: input.tenant.id,
    actor: { type: 'anonymous' },
    action: 'patient.login',
    outcome: 'failure',
    origin: input.origin,
    detail: { method: 'mrn-code', reason: check.status },
  });
  // A wrong code (or one tried once too often) stays counted; an expired or unknown one does not.
  if (check.status !== 'wrong_code' && check.status !== 'locked')
    await forgiveAttempts(database, failures, input.tenant.id);
  if (check.status === 'wrong_code') return check;
  if (check.status === 'expired' || check.status === 'locked') return { status: check.status };
  return { status: 'invalid' };
}
