/**
 * Signing in with a medical record number: MRN + birth date, then a one-time code sent to a contact
 * point on file, chosen by its masked form. Every answer has the same shape whether or not the MRN
 * exists and whichever birth date was typed: a mismatch gets plausible decoy contact points (stable
 * for the same input) and a challenge no code can open. Failed tries slow down per MRN and source
 * (NIST SP 800-63B: delays, not lockouts) with a high per-MRN ceiling, requests are limited per
 * source, all in PostgreSQL; every step audited.
 *
 * The steps are start-mrn-login.ts, send-login-code.ts and verify-login-code.ts; this file holds what
 * they share: the input, the limits, the decoys and the challenge's payload.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { Notifier } from '@/lib/notify/notifier';
import { mrnInputSchema } from '@/lib/scheduling/mrn';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import {
  clearFailures,
  consumeRateLimit,
  forgiveAttempt,
  takeAttempt,
  type FailureRule,
  type RateLimitRule,
} from '@/lib/security/rate-limit';
import type { Tenant } from '@/lib/tenancy/tenant';

export const LOGIN_PER_IP: RateLimitRule = { name: 'login:ip', limit: 60, windowSeconds: 3600 };
export const CODES_PER_CONTACT: RateLimitRule = { name: 'login:contact', limit: 8, windowSeconds: 3600 };

const DAY = 24 * 3600;

/**
 * MRN + birth date that do not match (or an unknown MRN), per MRN and source: five free, then 30 s
 * doubling up to 15 minutes. Whoever guesses slows down; the patient on their own phone does not.
 */
export const LOGIN_FAILURES_PER_MRN_AND_SOURCE: FailureRule = {
  name: 'login-fail:mrn+source',
  windowSeconds: DAY,
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
};
/** ...and per MRN from anywhere: NIST's ceiling of 100 failures, for guesses spread over many sources. */
export const LOGIN_FAILURES_PER_MRN: FailureRule = {
  name: 'login-fail:mrn',
  windowSeconds: DAY,
  freeFailures: 100,
  baseDelaySeconds: 0,
  maxDelaySeconds: 0,
  ceiling: 100,
};
/** Wrong one-time codes per account and source: three free, then 30 s doubling up to 15 minutes. */
export const CODE_FAILURES_PER_ACCOUNT_AND_SOURCE: FailureRule = {
  name: 'code-fail:account+source',
  windowSeconds: DAY,
  freeFailures: 3,
  baseDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
};
/**
 * ...and per account from anywhere, across every code sent (a new code does not reset this): 30 wrong
 * codes a day gives a guesser 30 in a million.
 */
export const CODE_FAILURES_PER_ACCOUNT: FailureRule = {
  name: 'code-fail:account',
  windowSeconds: DAY,
  freeFailures: 30,
  baseDelaySeconds: 0,
  maxDelaySeconds: 0,
  ceiling: 30,
};

/** A failure rule and the subject it counts for (an MRN, `MRN|source`, an account id...). */
export type FailureCount = readonly [FailureRule, string];

/** The source part of a per-account-and-source key. */
export function sourceOf(origin: RequestOrigin): string {
  return origin.ip ?? 'unknown';
}

/**
 * Takes one try under each of `counts`, counted as a failure until the outcome says otherwise
 * (`clearSourceFailures` / `forgiveAttempts`), or refuses (429, audited under `action`, nothing
 * counted) while any of them asks the caller to wait; the answer says how long. Atomic per counter, so
 * that many tries sent at once cannot all slip past the free ones.
 */
export async function takeAttempts(
  database: Database,
  counts: readonly FailureCount[],
  tenant: Tenant,
  origin: RequestOrigin,
  action: string,
): Promise<void> {
  const waits = await Promise.all(counts.map(([rule, subject]) => takeAttempt(database, rule, tenant.id, subject)));
  const wait = Math.max(0, ...waits);
  if (wait === 0) return;
  // Refused: the tries taken under the other counters are given back.
  await forgiveAttempts(
    database,
    counts.filter((_, index) => waits[index] === 0),
    tenant.id,
  );
  await refuse(database, tenant, origin, action, counts[waits.indexOf(wait)]?.[0].name ?? 'failures', wait);
}

/** Audits the refusal of a step under `action` for the rule named, and answers 429 with the wait. */
async function refuse(
  database: Database,
  tenant: Tenant,
  origin: RequestOrigin,
  action: string,
  ruleName: string,
  retryAfterSeconds: number,
): Promise<never> {
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'anonymous' },
    action,
    outcome: 'denied',
    origin,
    detail: { reason: `rate_limited:${ruleName}` },
  });
  throw new AppError('rate_limited', 'login.tooMany', { retryAfterSeconds });
}

/** Gives back the tries taken under `counts` (an outcome that was neither a success nor a failure). */
export async function forgiveAttempts(
  database: Database,
  counts: readonly FailureCount[],
  tenantId: string,
): Promise<void> {
  await Promise.all(counts.map(([rule, subject]) => forgiveAttempt(database, rule, tenantId, subject)));
}

/**
 * After a success: the caller's own per-source counters start over; the try taken under the
 * per-account counters is given back (their earlier failures stay, for the ceiling).
 */
export async function settleSuccess(
  database: Database,
  counts: { clear: readonly FailureCount[]; forgive: readonly FailureCount[] },
  tenantId: string,
): Promise<void> {
  await Promise.all([
    ...counts.clear.map(([rule, subject]) => clearFailures(database, rule, tenantId, subject)),
    forgiveAttempts(database, counts.forgive, tenantId),
  ]);
}

export const mrnLoginSchema = z.object({
  mrn: mrnInputSchema,
  birthDate: z.iso.date('field.birthDateFormat'),
});

export interface MaskedContact {
  id: string;
  kind: 'sms' | 'email';
  masked: string;
}

export interface LoginPayload {
  contacts: { id: string; kind: 'sms' | 'email'; value: string; masked: string }[];
  email: string | null;
}

export interface LoginDeps {
  database: Database;
  provider: SchedulingProvider;
  notifier: Notifier;
  secret: string;
}

export function decoyContacts(secret: string, tenantId: string, mrn: string, birthDate: string): MaskedContact[] {
  const digest = createHmac('sha256', `decoy:${secret}`).update(`${tenantId}|${mrn}|${birthDate}`).digest();
  const digits = String(digest.readUInt16BE(0) % 10000).padStart(4, '0');
  const letter = 'abcdefghijklmnoprstw'[(digest[2] ?? 0) % 20] ?? 'a';
  const domain = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'][(digest[3] ?? 0) % 4] ?? 'gmail.com';
  return [
    { id: 'c0', kind: 'sms', masked: `***-***-${digits}` },
    { id: 'c1', kind: 'email', masked: `${letter}***@${domain}` },
  ];
}

/**
 * Consumes one try of `rule` for `subject`; over the limit, audits the refusal under `action` (the step
 * that was refused) and answers 429.
 */
export async function limit(
  database: Database,
  rule: RateLimitRule,
  tenant: Tenant,
  subject: string,
  origin: RequestOrigin,
  action = 'patient.login',
): Promise<void> {
  const result = await consumeRateLimit(database, rule, tenant.id, subject);
  if (!result.allowed) await refuse(database, tenant, origin, action, rule.name, result.retryAfterSeconds);
}
