/**
 * Signing in with the QR code: the token from the link's fragment plus the date of birth, checked
 * against the EHR. A forged, expired, revoked or other clinic's token and a wrong birth date all get
 * the same answer; each attempt is audited and limited per token and per IP in PostgreSQL.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { consumeRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import type { Tenant } from '@/lib/tenancy/tenant';
import { PATIENT_ACCOUNT_SELECT, type PatientAccount } from './patient-account';
import { markQrTokenUsed, resolveQrLoginToken } from './qr-login-token';

export const QR_LOGIN_PER_TOKEN: RateLimitRule = { name: 'qr:token', limit: 5, windowSeconds: 3600 };
export const QR_LOGIN_PER_IP: RateLimitRule = { name: 'qr:ip', limit: 30, windowSeconds: 3600 };

export type QrLoginResult =
  | { status: 'signed-in'; account: PatientAccount; patientId: string }
  | { status: 'invalid' }
  | { status: 'rate_limited'; retryAfterSeconds: number };

export async function signInWithQrCode(
  deps: { database: Database; provider: SchedulingProvider },
  input: { tenant: Tenant; token: string; birthDate: string; origin: RequestOrigin; now?: Date },
): Promise<QrLoginResult> {
  const { database, tenant } = { ...deps, tenant: input.tenant };
  const fail = async (outcome: 'failure' | 'denied', reason: string, patientId?: string): Promise<void> => {
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login',
      outcome,
      origin: input.origin,
      detail: { method: 'qr', reason },
      ...(patientId ? { patientId } : {}),
    });
  };
  for (const [rule, subject] of [
    [QR_LOGIN_PER_IP, input.origin.ip ?? 'unknown'],
    [QR_LOGIN_PER_TOKEN, input.token],
  ] as const) {
    const limited = await consumeRateLimit(database, rule, tenant.id, subject);
    if (!limited.allowed) {
      await fail('denied', `rate_limited:${rule.name}`);
      return { status: 'rate_limited', retryAfterSeconds: limited.retryAfterSeconds };
    }
  }
  const check = await resolveQrLoginToken(database, {
    tenantId: tenant.id,
    token: input.token,
    ...(input.now ? { now: input.now } : {}),
  });
  if (check.status !== 'valid') {
    await fail('failure', 'invalid_token');
    return { status: 'invalid' };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate)) {
    await fail('failure', 'malformed_birth_date', check.providerPatientId);
    return { status: 'invalid' };
  }
  const patient = await deps.provider.getPatient(check.providerPatientId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!patient || patient.birthDate !== input.birthDate) {
    await fail('failure', patient ? 'birth_date_mismatch' : 'patient_not_found', check.providerPatientId);
    return { status: 'invalid' };
  }
  await markQrTokenUsed(database, input.token, input.now);
  const account = await database.patientAccount.findUniqueOrThrow({
    where: { id: check.patientAccountId },
    select: PATIENT_ACCOUNT_SELECT,
  });
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: account.id },
    action: 'qr.used',
    outcome: 'success',
    patientId: patient.id,
    origin: input.origin,
  });
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: account.id },
    action: 'patient.login',
    outcome: 'success',
    patientId: patient.id,
    origin: input.origin,
    detail: { method: 'qr' },
  });
  return { status: 'signed-in', account, patientId: patient.id };
}
