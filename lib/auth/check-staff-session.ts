/**
 * The checks behind every staff session: a readable, unexpired cookie of a staff member of this
 * clinic, within its absolute lifetime, an active account whose session version has not been bumped
 * (reset, removed passkey, deactivation), and the second factor where the account needs one
 * (lib/auth/staff-second-factor/second-factor-policy.ts). A session that passed the password but
 * still owes its passkey is `second-factor`: it reaches the passkey step and nothing else.
 */
import { secondFactorRequired, staffSignInFacts } from '@/lib/auth/staff-second-factor/second-factor-policy';
import type { Database } from '@/lib/db/client';
import { readSessionClaims, type SessionOptions, type SessionRequest } from './check-patient-session';
import type { StaffClaims } from './session-claims';

export interface StaffSessionRead {
  claims: StaffClaims;
  /** `signed-in`: every staff page its role allows; `second-factor`: only the passkey step. */
  stage: 'signed-in' | 'second-factor';
  /** How many passkeys the account has (none: the step is enrolment with a code). */
  passkeys: number;
}

/** The staff session for the clinic at `tenantSlug` at whichever stage, or null (none, expired, revoked). */
export async function checkStaffSession(
  database: Database,
  input: { request: SessionRequest; options: SessionOptions; tenantSlug: string },
): Promise<StaffSessionRead | null> {
  const read = await readSessionClaims(input.request, input.options);
  const claims = read.claims;
  if (!claims || claims.kind !== 'staff' || claims.tenantSlug !== input.tenantSlug) return null;
  const facts = await staffSignInFacts(database, { tenantId: claims.tenantId, staffUserId: claims.accountId });
  if (!facts || !facts.active || facts.sessionVersion !== claims.sessionVersion) return null;
  const owesPasskey = secondFactorRequired(facts) && claims.secondFactor !== 'passkey';
  return { claims, stage: owesPasskey ? 'second-factor' : 'signed-in', passkeys: facts.passkeys };
}

/** A request's cookies as the session check reads them, from its Cookie header. */
export function sessionRequestFromHeaders(headers: Headers): SessionRequest {
  const cookies: Record<string, string> = {};
  for (const pair of (headers.get('cookie') ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return { headers: Object.fromEntries(headers.entries()), cookies };
}
