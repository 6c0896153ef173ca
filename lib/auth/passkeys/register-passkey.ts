/**
 * Adding a passkey to an account: options for the browser (a discoverable credential, so the clinic's
 * page can sign in with it without an MRN), then the browser's answer verified against the challenge
 * issued to this account, the app's origin and RP id, and stored. Registrations are limited per
 * account; every outcome is audited. Attestation is not requested: the passkey proves possession, and
 * which authenticator made it does not decide anything here.
 */
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { consumeRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { challengeOf, registrationResponseSchema } from './ceremony-input';
import { CHALLENGE_SECONDS, issueChallenge, takeChallenge } from './passkey-challenge';
import {
  auditActorOf,
  auditPatient,
  challengeOwner,
  ownerWhere,
  userHandleOf,
  type PasskeyActor,
  type PasskeyDeps,
} from './passkey-owner';
import { toPasskeySummary, type PasskeySummary } from './list-passkeys';
import { relyingPartyFor } from './relying-party';

export const PASSKEY_REGISTRATIONS_PER_ACCOUNT: RateLimitRule = {
  name: 'passkey:register',
  limit: 20,
  windowSeconds: 3600,
};

/** At most this many passkeys per account (a phone, a laptop, a spare key, ...). */
export const MAX_PASSKEYS_PER_ACCOUNT = 10;

export const passkeyNameSchema = z.string().trim().min(1).max(60);

export const registerPasskeyBodySchema = z.object({
  response: registrationResponseSchema,
  name: passkeyNameSchema.optional(),
});

function subjectOf(actor: PasskeyActor): string {
  return actor.owner.kind === 'patient' ? actor.owner.accountId : actor.owner.staffUserId;
}

/** Creation options for the browser; the challenge is the account's for five minutes. */
export async function startPasskeyRegistration(
  deps: PasskeyDeps,
  input: PasskeyActor & { rpName: string; userName: string },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { owner } = input;
  const limited = await consumeRateLimit(
    deps.database,
    PASSKEY_REGISTRATIONS_PER_ACCOUNT,
    owner.tenantId,
    subjectOf(input),
  );
  if (!limited.allowed)
    throw new AppError('rate_limited', 'passkeys.tooMany', { retryAfterSeconds: limited.retryAfterSeconds });
  const existing = await deps.database.passkeyCredential.findMany({
    where: ownerWhere(owner),
    select: { credentialId: true, transports: true },
  });
  if (existing.length >= MAX_PASSKEYS_PER_ACCOUNT)
    throw new AppError('conflict', 'passkeys.tooManyPasskeys', { params: { max: MAX_PASSKEYS_PER_ACCOUNT } });
  const challenge = await issueChallenge(deps.database, {
    tenantId: owner.tenantId,
    purpose: 'registration',
    owner: challengeOwner(owner),
  });
  const { rpId } = relyingPartyFor(deps.appBaseUrl);
  return generateRegistrationOptions({
    rpName: input.rpName,
    rpID: rpId,
    userID: Buffer.from(userHandleOf(owner), 'base64url'),
    userName: input.userName,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: CHALLENGE_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((credential) => ({
      id: credential.credentialId,
      transports: credential.transports as ('internal' | 'hybrid' | 'usb' | 'nfc' | 'ble')[],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
}

/** Verifies the browser's answer and stores the passkey; a refusal (400) changes nothing. */
export async function registerPasskey(
  deps: PasskeyDeps,
  input: PasskeyActor & { body: z.infer<typeof registerPasskeyBodySchema> },
): Promise<PasskeySummary> {
  const { owner, origin } = input;
  const refuse = async (reason: string): Promise<never> => {
    await recordAudit(deps.database, {
      tenantId: owner.tenantId,
      actor: auditActorOf(owner),
      action: 'passkey.registered',
      outcome: 'failure',
      ...auditPatient(owner),
      origin,
      detail: { reason },
    });
    throw new AppError('invalid_input', 'passkeys.registrationRefused');
  };
  const response = input.body.response;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge) return refuse('malformed');
  const taken = await takeChallenge(deps.database, {
    tenantId: owner.tenantId,
    purpose: 'registration',
    owner: challengeOwner(owner),
    challenge,
  });
  if (!taken) return refuse('unknown_challenge');
  const rp = relyingPartyFor(deps.appBaseUrl);
  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpId,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verified?.verified) return refuse('verification_failed');
  const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
  const known = await deps.database.passkeyCredential.findUnique({ where: { credentialId: credential.id } });
  if (known) return refuse('already_registered');
  const stored = await deps.database.passkeyCredential.create({
    data: {
      ...ownerWhere(owner),
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey),
      counter: BigInt(credential.counter),
      transports: credential.transports ?? response.response.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      name: input.body.name ?? null,
    },
  });
  await recordAudit(deps.database, {
    tenantId: owner.tenantId,
    actor: auditActorOf(owner),
    action: 'passkey.registered',
    outcome: 'success',
    ...auditPatient(owner),
    origin,
    detail: { passkeyId: stored.id, synced: credentialBackedUp },
  });
  return toPasskeySummary(stored);
}
