/**
 * A patient signs in with a passkey in one tap: the clinic's page asks for options (a challenge for
 * anyone, no credential list: the passkey is discoverable), the browser's answer is verified
 * (lib/auth/passkeys/verify-passkey-assertion.ts) and names the account. Limited per IP like the
 * other ways in (options and attempts, in PostgreSQL); failures are audited with their reason and
 * answered the same way, without saying which check failed.
 */
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { PATIENT_ACCOUNT_SELECT, type PatientAccount } from '@/lib/identity/patient/patient-account';
import { consumeRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import type { Tenant } from '@/lib/tenancy/tenant';
import { CHALLENGE_SECONDS, issueChallenge } from './passkey-challenge';
import type { PasskeyDeps } from './passkey-owner';
import { relyingPartyFor } from './relying-party';
import { verifyPasskeyAssertion, type AssertionRefusal } from './verify-passkey-assertion';

/** Options are asked for on every visit of the sign-in page (autofill), so the allowance is generous. */
export const PASSKEY_OPTIONS_PER_IP: RateLimitRule = { name: 'passkey:options:ip', limit: 300, windowSeconds: 3600 };
export const PASSKEY_SIGN_IN_PER_IP: RateLimitRule = { name: 'passkey:sign-in:ip', limit: 30, windowSeconds: 3600 };

/** Request options for a discoverable sign-in at the clinic. */
export async function startPasskeySignIn(
  deps: PasskeyDeps,
  input: { tenant: Tenant; origin: RequestOrigin },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const limited = await consumeRateLimit(
    deps.database,
    PASSKEY_OPTIONS_PER_IP,
    input.tenant.id,
    input.origin.ip ?? 'unknown',
  );
  if (!limited.allowed)
    throw new AppError('rate_limited', 'passkeys.tooMany', { retryAfterSeconds: limited.retryAfterSeconds });
  const challenge = await issueChallenge(deps.database, {
    tenantId: input.tenant.id,
    purpose: 'authentication',
    owner: { kind: 'anyone' },
  });
  return generateAuthenticationOptions({
    rpID: relyingPartyFor(deps.appBaseUrl).rpId,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: CHALLENGE_SECONDS * 1000,
    userVerification: 'preferred',
  });
}

export type PasskeySignInResult =
  | { status: 'signed-in'; account: PatientAccount; patientId: string; passkeyId: string }
  | { status: 'refused'; reason: AssertionRefusal | 'not_a_patient_passkey' }
  | { status: 'rate_limited'; retryAfterSeconds: number };

export async function signInWithPasskey(
  deps: PasskeyDeps,
  input: { tenant: Tenant; response: unknown; origin: RequestOrigin; now?: Date },
): Promise<PasskeySignInResult> {
  const { database, tenant } = { ...deps, tenant: input.tenant };
  const limited = await consumeRateLimit(database, PASSKEY_SIGN_IN_PER_IP, tenant.id, input.origin.ip ?? 'unknown');
  if (!limited.allowed) {
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login',
      outcome: 'denied',
      origin: input.origin,
      detail: { method: 'passkey', reason: `rate_limited:${PASSKEY_SIGN_IN_PER_IP.name}` },
    });
    return { status: 'rate_limited', retryAfterSeconds: limited.retryAfterSeconds };
  }
  const result = await verifyPasskeyAssertion(database, {
    tenantId: tenant.id,
    appBaseUrl: deps.appBaseUrl,
    challengeOwner: { kind: 'anyone' },
    response: input.response,
    ...(input.now ? { now: input.now } : {}),
  });
  // Only an account of this clinic: another clinic's passkey names nobody here.
  const accountId = result.passkey?.patientAccountId;
  const account = accountId
    ? await database.patientAccount.findFirst({
        where: { id: accountId, tenantId: tenant.id },
        select: PATIENT_ACCOUNT_SELECT,
      })
    : null;
  if (!result.ok || !account) {
    const reason = result.ok ? 'not_a_patient_passkey' : result.reason;
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login',
      outcome: 'failure',
      origin: input.origin,
      ...(account ? { patientId: account.providerPatientId } : {}),
      detail: { method: 'passkey', reason, ...(result.passkey ? { passkeyId: result.passkey.id } : {}) },
    });
    return { status: 'refused', reason };
  }
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: account.id },
    action: 'patient.login',
    outcome: 'success',
    patientId: account.providerPatientId,
    origin: input.origin,
    detail: { method: 'passkey', passkeyId: result.passkey.id },
  });
  return { status: 'signed-in', account, patientId: account.providerPatientId, passkeyId: result.passkey.id };
}
