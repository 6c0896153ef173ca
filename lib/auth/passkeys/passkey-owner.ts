/**
 * Whose passkeys: a patient's app account or a staff user, always at one clinic. One credential
 * belongs to exactly one owner; every query goes through {@link ownerWhere}, so one account's or one
 * clinic's passkeys are never reachable from another.
 */
import type { AuditActor, RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { ChallengeOwner } from './passkey-challenge';

export type PasskeyOwner =
  | { kind: 'patient'; tenantId: string; accountId: string; patientId: string }
  | { kind: 'staff'; tenantId: string; staffUserId: string; role: string };

/** What passkey use-cases need: the app database and the app's public origin (the relying party). */
export interface PasskeyDeps {
  database: Database;
  appBaseUrl: string;
}

export interface PasskeyActor {
  owner: PasskeyOwner;
  origin: RequestOrigin;
}

export function ownerWhere(owner: PasskeyOwner): {
  tenantId: string;
  patientAccountId: string | null;
  staffUserId: string | null;
} {
  return owner.kind === 'patient'
    ? { tenantId: owner.tenantId, patientAccountId: owner.accountId, staffUserId: null }
    : { tenantId: owner.tenantId, patientAccountId: null, staffUserId: owner.staffUserId };
}

export function challengeOwner(owner: PasskeyOwner): ChallengeOwner {
  return owner.kind === 'patient'
    ? { kind: 'patient', patientAccountId: owner.accountId }
    : { kind: 'staff', staffUserId: owner.staffUserId };
}

export function auditActorOf(owner: PasskeyOwner): AuditActor {
  return owner.kind === 'patient'
    ? { type: 'patient', id: owner.accountId }
    : { type: 'staff', id: owner.staffUserId, role: owner.role };
}

/** The FHIR patient an audit row names, for a patient's passkey. */
export function auditPatient(owner: PasskeyOwner): { patientId?: string } {
  return owner.kind === 'patient' ? { patientId: owner.patientId } : {};
}

/** The WebAuthn user handle of an owner: its id's bytes, so an assertion names the account it was made for. */
export function userHandleOf(owner: PasskeyOwner): string {
  return Buffer.from(owner.kind === 'patient' ? owner.accountId : owner.staffUserId, 'utf8').toString('base64url');
}

/** A signed-in patient (lib/server/context.ts's actor) as the owner of passkeys. */
export function patientPasskeyActor(actor: {
  tenant: { id: string };
  accountId: string;
  patientId: string;
  origin: RequestOrigin;
}): PasskeyActor {
  return {
    owner: { kind: 'patient', tenantId: actor.tenant.id, accountId: actor.accountId, patientId: actor.patientId },
    origin: actor.origin,
  };
}

/** A staff member (their session's claims) as the owner of passkeys. */
export function staffPasskeyActor(input: {
  tenant: { id: string };
  claims: { accountId: string; role: string };
  origin: RequestOrigin;
}): PasskeyActor {
  return {
    owner: { kind: 'staff', tenantId: input.tenant.id, staffUserId: input.claims.accountId, role: input.claims.role },
    origin: input.origin,
  };
}
