/**
 * The checks behind every use of a passkey, in order: a well-formed answer; a credential that exists
 * (a removed one does not) at this clinic; a challenge this clinic issued for this ceremony, unused and
 * unexpired (taken now: a replay finds it gone); the signature over the authenticator data and the
 * client data, made for the app's origin and RP id; a user handle that names the credential's own
 * account; a signature counter that moved forward (a cloned authenticator's does not). The counter and
 * last use are written only when the stored counter is still the one checked, so two racing copies of
 * one answer cannot both pass. Nothing is written on a refusal but the taken challenge.
 */
import { verifyAuthenticationResponse, type AuthenticatorTransportFuture } from '@simplewebauthn/server';
import type { Database } from '@/lib/db/client';
import { authenticationResponseSchema, challengeOf } from './ceremony-input';
import { takeChallenge, type ChallengeOwner } from './passkey-challenge';
import { relyingPartyFor } from './relying-party';

export type AssertionRefusal =
  | 'malformed'
  | 'unknown_passkey'
  | 'other_clinic'
  | 'unknown_challenge'
  | 'wrong_origin'
  | 'wrong_rp_id'
  | 'counter_backwards'
  | 'bad_signature'
  | 'other_account';

export interface VerifiedPasskey {
  id: string;
  patientAccountId: string | null;
  staffUserId: string | null;
}

export type AssertionResult =
  { ok: true; passkey: VerifiedPasskey } | { ok: false; reason: AssertionRefusal; passkey?: VerifiedPasskey };

/** The verifier's error, as a reason (its messages are English sentences naming the failed check). */
function refusalOf(error: unknown): AssertionRefusal {
  const message = error instanceof Error ? error.message : '';
  if (/counter/i.test(message)) return 'counter_backwards';
  if (/origin/i.test(message)) return 'wrong_origin';
  if (/RP ID/i.test(message)) return 'wrong_rp_id';
  if (/challenge/i.test(message)) return 'unknown_challenge';
  return 'bad_signature';
}

export async function verifyPasskeyAssertion(
  database: Database,
  input: {
    tenantId: string;
    appBaseUrl: string;
    /** Whom the challenge was issued to: anyone (discoverable sign-in) or the account being checked. */
    challengeOwner: ChallengeOwner;
    response: unknown;
    now?: Date;
  },
): Promise<AssertionResult> {
  const parsed = authenticationResponseSchema.safeParse(input.response);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const response = parsed.data;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge) return { ok: false, reason: 'malformed' };
  const stored = await database.passkeyCredential.findUnique({ where: { credentialId: response.id } });
  if (!stored) return { ok: false, reason: 'unknown_passkey' };
  const passkey: VerifiedPasskey = {
    id: stored.id,
    patientAccountId: stored.patientAccountId,
    staffUserId: stored.staffUserId,
  };
  if (stored.tenantId !== input.tenantId) return { ok: false, reason: 'other_clinic' };
  const owner = input.challengeOwner;
  if (
    (owner.kind === 'patient' && owner.patientAccountId !== stored.patientAccountId) ||
    (owner.kind === 'staff' && owner.staffUserId !== stored.staffUserId)
  )
    return { ok: false, reason: 'other_account', passkey };
  const taken = await takeChallenge(database, {
    tenantId: input.tenantId,
    purpose: 'authentication',
    owner,
    challenge,
    ...(input.now ? { now: input.now } : {}),
  });
  if (!taken) return { ok: false, reason: 'unknown_challenge', passkey };
  const rp = relyingPartyFor(input.appBaseUrl);
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: false,
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(stored.publicKey),
        counter: Number(stored.counter),
        transports: stored.transports as AuthenticatorTransportFuture[],
      },
    });
    if (!verified.verified) return { ok: false, reason: 'bad_signature', passkey };
    newCounter = verified.authenticationInfo.newCounter;
  } catch (error) {
    return { ok: false, reason: refusalOf(error), passkey };
  }
  const ownerId = stored.patientAccountId ?? stored.staffUserId ?? '';
  const userHandle = response.response.userHandle;
  if (userHandle !== undefined && userHandle !== Buffer.from(ownerId, 'utf8').toString('base64url'))
    return { ok: false, reason: 'other_account', passkey };
  const moved = await database.passkeyCredential.updateMany({
    where: { id: stored.id, counter: stored.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: input.now ?? new Date() },
  });
  if (moved.count === 0) return { ok: false, reason: 'counter_backwards', passkey };
  return { ok: true, passkey };
}
