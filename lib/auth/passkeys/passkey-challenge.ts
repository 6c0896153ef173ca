/**
 * WebAuthn challenges: 32 random bytes, stored (they are not secrets once sent), single use and
 * short-lived. A ceremony's answer carries its challenge inside the signed clientDataJSON; taking it
 * is one conditional UPDATE, so a replayed answer (or two racing copies of one) finds it gone.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '@/lib/db/client';

/** How long a browser has to answer (the options' `timeout` says the same). */
export const CHALLENGE_SECONDS = 300;

export type ChallengePurpose = 'registration' | 'authentication';

/** Who a challenge was issued to: nobody (discoverable sign-in), a patient account or a staff user. */
export type ChallengeOwner =
  { kind: 'anyone' } | { kind: 'patient'; patientAccountId: string } | { kind: 'staff'; staffUserId: string };

function ownerColumns(owner: ChallengeOwner): { patientAccountId: string | null; staffUserId: string | null } {
  switch (owner.kind) {
    case 'anyone':
      return { patientAccountId: null, staffUserId: null };
    case 'patient':
      return { patientAccountId: owner.patientAccountId, staffUserId: null };
    case 'staff':
      return { patientAccountId: null, staffUserId: owner.staffUserId };
  }
}

/** A new challenge (base64url); expired ones are swept on the way. */
export async function issueChallenge(
  database: Database,
  input: { tenantId: string; purpose: ChallengePurpose; owner: ChallengeOwner; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const challenge = randomBytes(32).toString('base64url');
  await database.passkeyChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3600_000) } } });
  await database.passkeyChallenge.create({
    data: {
      tenantId: input.tenantId,
      purpose: input.purpose,
      ...ownerColumns(input.owner),
      challenge,
      expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
    },
  });
  return challenge;
}

/**
 * Takes the challenge if it was issued by this clinic, for this ceremony and owner, is unexpired and
 * unused; true only for the first caller.
 */
export async function takeChallenge(
  database: Database,
  input: { tenantId: string; purpose: ChallengePurpose; owner: ChallengeOwner; challenge: string; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  const taken = await database.passkeyChallenge.updateMany({
    where: {
      challenge: input.challenge,
      tenantId: input.tenantId,
      purpose: input.purpose,
      ...ownerColumns(input.owner),
      consumedAt: null,
      expiresAt: { gt: now },
    },
    data: { consumedAt: now },
  });
  return taken.count === 1;
}
