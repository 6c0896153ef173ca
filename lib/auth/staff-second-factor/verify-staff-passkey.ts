/**
 * The second factor after the password: the browser signs a fresh challenge with one of the staff
 * member's own passkeys (lib/auth/passkeys/verify-passkey-assertion.ts does every WebAuthn check:
 * a removed passkey, another clinic's or another account's, a replayed or tampered answer, a
 * counter that goes backwards, a wrong origin or RP id). A success upgrades the session's claims
 * (`secondFactor: 'passkey'`, the password's sign-in time kept, so no absolute lifetime is gained);
 * a refusal is audited with its reason and answered with one message, and changes nothing but the
 * taken challenge. Limited like the password step (second-factor-limits.ts).
 */
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { StaffClaims } from '@/lib/auth/session-claims';
import { CHALLENGE_SECONDS, issueChallenge } from '@/lib/auth/passkeys/passkey-challenge';
import type { PasskeyDeps } from '@/lib/auth/passkeys/passkey-owner';
import { relyingPartyFor } from '@/lib/auth/passkeys/relying-party';
import { verifyPasskeyAssertion } from '@/lib/auth/passkeys/verify-passkey-assertion';
import { AppError } from '@/lib/errors';
import { consumeRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import type { Tenant } from '@/lib/tenancy/tenant';
import { takeSecondFactorAttempt } from './second-factor-limits';

export const STAFF_PASSKEY_OPTIONS_PER_ACCOUNT: RateLimitRule = {
  name: 'staff-2fa:options',
  limit: 60,
  windowSeconds: 3600,
};

/** The audit action of every second-factor attempt (success, failure with its reason, denied). */
export const SECOND_FACTOR_ACTION = 'staff.second_factor';

/** Request options naming the staff member's own passkeys; the challenge is theirs for five minutes. */
export async function startStaffPasskeyCheck(
  deps: PasskeyDeps,
  input: { tenant: Tenant; claims: StaffClaims; origin: RequestOrigin },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { database } = deps;
  const staffUserId = input.claims.accountId;
  const limited = await consumeRateLimit(database, STAFF_PASSKEY_OPTIONS_PER_ACCOUNT, input.tenant.id, staffUserId);
  if (!limited.allowed)
    throw new AppError('rate_limited', 'staff.tooManySignIns', { retryAfterSeconds: limited.retryAfterSeconds });
  const passkeys = await database.passkeyCredential.findMany({
    where: { tenantId: input.tenant.id, staffUserId },
    select: { credentialId: true, transports: true },
  });
  if (passkeys.length === 0) throw new AppError('conflict', 'staffPasskeys.noneYet');
  const challenge = await issueChallenge(database, {
    tenantId: input.tenant.id,
    purpose: 'authentication',
    owner: { kind: 'staff', staffUserId },
  });
  return generateAuthenticationOptions({
    rpID: relyingPartyFor(deps.appBaseUrl).rpId,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: CHALLENGE_SECONDS * 1000,
    userVerification: 'preferred',
    allowCredentials: passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as ('internal' | 'hybrid' | 'usb' | 'nfc' | 'ble')[],
    })),
  });
}

/** Checks the browser's answer; resolves to the session's upgraded claims, or throws (audited). */
export async function verifyStaffPasskey(
  deps: PasskeyDeps,
  input: { tenant: Tenant; claims: StaffClaims; response: unknown; origin: RequestOrigin; now?: Date },
): Promise<StaffClaims> {
  const { database } = deps;
  const { claims, tenant } = input;
  const actor = { type: 'staff', id: claims.accountId, role: claims.role } as const;
  const attempt = await takeSecondFactorAttempt(database, {
    tenantId: tenant.id,
    staffUserId: claims.accountId,
    role: claims.role,
    origin: input.origin,
    action: SECOND_FACTOR_ACTION,
  });
  const result = await verifyPasskeyAssertion(database, {
    tenantId: tenant.id,
    appBaseUrl: deps.appBaseUrl,
    challengeOwner: { kind: 'staff', staffUserId: claims.accountId },
    response: input.response,
    ...(input.now ? { now: input.now } : {}),
  });
  if (!result.ok) {
    await recordAudit(database, {
      tenantId: tenant.id,
      actor,
      action: SECOND_FACTOR_ACTION,
      outcome: 'failure',
      origin: input.origin,
      detail: { method: 'passkey', reason: result.reason, ...(result.passkey ? { passkeyId: result.passkey.id } : {}) },
    });
    throw new AppError('invalid_input', 'staffPasskeys.refused');
  }
  await attempt.succeeded();
  await recordAudit(database, {
    tenantId: tenant.id,
    actor,
    action: SECOND_FACTOR_ACTION,
    outcome: 'success',
    origin: input.origin,
    detail: { method: 'passkey', passkeyId: result.passkey.id },
  });
  return { ...claims, secondFactor: 'passkey' };
}
