/**
 * Signing in with a medical record number: MRN + birth date, then a one-time code sent to a contact
 * point on file, chosen by its masked form. Every answer has the same shape whether or not the MRN
 * exists and whichever birth date was typed: a mismatch gets plausible decoy contact points (stable
 * for the same input) and a challenge no code can open. Rate limited per MRN and per IP in
 * PostgreSQL; every step audited.
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
import { consumeRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import type { Tenant } from '@/lib/tenancy/tenant';

export const LOGIN_PER_MRN: RateLimitRule = { name: 'login:mrn', limit: 10, windowSeconds: 3600 };
export const LOGIN_PER_IP: RateLimitRule = { name: 'login:ip', limit: 60, windowSeconds: 3600 };
export const CODES_PER_CONTACT: RateLimitRule = { name: 'login:contact', limit: 8, windowSeconds: 3600 };

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
  if (result.allowed) return;
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'anonymous' },
    action,
    outcome: 'denied',
    origin,
    detail: { reason: `rate_limited:${rule.name}` },
  });
  throw new AppError('rate_limited', 'login.tooMany', {
    retryAfterSeconds: result.retryAfterSeconds,
  });
}
