/**
 * Signing in with a medical record number: MRN + birth date, then a one-time code sent to a contact
 * point on file, chosen by its masked form. Every answer has the same shape whether or not the MRN
 * exists and whichever birth date was typed: a mismatch gets plausible decoy contact points (stable
 * for the same input) and a challenge no code can open. Rate limited per MRN and per IP in
 * PostgreSQL; every step audited.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import type { Notifier } from '@/lib/notify/notifier';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { consumeRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import type { Tenant } from '@/lib/tenancy/tenant';
import { CODE_TTL_SECONDS, openChallenge, resendCode, verifyCode } from './one-time-code';
import { ensurePatientAccount, type PatientAccount } from './patient-account';

export const LOGIN_PER_MRN: RateLimitRule = { name: 'login:mrn', limit: 10, windowSeconds: 3600 };
export const LOGIN_PER_IP: RateLimitRule = { name: 'login:ip', limit: 60, windowSeconds: 3600 };
export const CODES_PER_CONTACT: RateLimitRule = { name: 'login:contact', limit: 8, windowSeconds: 3600 };

export const mrnLoginSchema = z.object({
  mrn: z
    .string()
    .trim()
    .min(3, 'field.mrnRequired')
    .max(40)
    .regex(/^[A-Za-z0-9-]+$/, 'field.mrnFormat'),
  birthDate: z.iso.date('field.birthDateFormat'),
});

export interface MaskedContact {
  id: string;
  kind: 'sms' | 'email';
  masked: string;
}

interface LoginPayload {
  contacts: { id: string; kind: 'sms' | 'email'; value: string; masked: string }[];
  email: string | null;
}

export interface LoginDeps {
  database: Database;
  provider: SchedulingProvider;
  notifier: Notifier;
  secret: string;
}

function decoyContacts(secret: string, tenantId: string, mrn: string, birthDate: string): MaskedContact[] {
  const digest = createHmac('sha256', `decoy:${secret}`).update(`${tenantId}|${mrn}|${birthDate}`).digest();
  const digits = String(digest.readUInt16BE(0) % 10000).padStart(4, '0');
  const letter = 'abcdefghijklmnoprstw'[(digest[2] ?? 0) % 20] ?? 'a';
  const domain = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'][(digest[3] ?? 0) % 4] ?? 'gmail.com';
  return [
    { id: 'c0', kind: 'sms', masked: `***-***-${digits}` },
    { id: 'c1', kind: 'email', masked: `${letter}***@${domain}` },
  ];
}

async function limit(
  database: Database,
  rule: RateLimitRule,
  tenant: Tenant,
  subject: string,
  origin: RequestOrigin,
): Promise<void> {
  const result = await consumeRateLimit(database, rule, tenant.id, subject);
  if (result.allowed) return;
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'anonymous' },
    action: 'patient.login',
    outcome: 'denied',
    origin,
    detail: { reason: `rate_limited:${rule.name}` },
  });
  throw new AppError('rate_limited', 'login.tooMany', {
    retryAfterSeconds: result.retryAfterSeconds,
  });
}

/** Step 1: MRN + birth date. Always answers with a login id and masked contact points. */
export async function startMrnLogin(
  deps: LoginDeps,
  input: { tenant: Tenant; mrn: string; birthDate: string; origin: RequestOrigin },
): Promise<{ loginId: string; contacts: MaskedContact[] }> {
  const { database, provider } = deps;
  await limit(database, LOGIN_PER_IP, input.tenant, input.origin.ip ?? 'unknown', input.origin);
  await limit(database, LOGIN_PER_MRN, input.tenant, input.mrn.toUpperCase(), input.origin);
  const patient = await provider.findPatientByMrn(input.mrn);
  const matched = patient !== null && patient.birthDate === input.birthDate && patient.contacts.length > 0;
  if (!matched) {
    const contacts = decoyContacts(deps.secret, input.tenant.id, input.mrn.toUpperCase(), input.birthDate);
    const loginId = await openChallenge(database, {
      tenantId: input.tenant.id,
      purpose: 'login',
      subject: 'decoy',
      payload: { contacts: contacts.map((contact) => ({ ...contact, value: '' })), email: null } satisfies LoginPayload,
    });
    await recordAudit(database, {
      tenantId: input.tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login.start',
      outcome: 'failure',
      origin: input.origin,
      detail: {
        reason: patient ? (patient.contacts.length === 0 ? 'no_contact_points' : 'birth_date_mismatch') : 'unknown_mrn',
      },
      ...(patient ? { patientId: patient.id } : {}),
    });
    return { loginId, contacts };
  }
  const contacts = patient.contacts.map((contact, index) => ({
    id: `c${index}`,
    kind: contact.kind === 'phone' ? ('sms' as const) : ('email' as const),
    value: contact.value,
    masked: contact.masked,
  }));
  const payload: LoginPayload = {
    contacts,
    email: patient.contacts.find((contact) => contact.kind === 'email')?.value ?? null,
  };
  const loginId = await openChallenge(database, {
    tenantId: input.tenant.id,
    purpose: 'login',
    subject: patient.id,
    payload: payload as unknown as Prisma.InputJsonValue,
  });
  await recordAudit(database, {
    tenantId: input.tenant.id,
    actor: { type: 'anonymous' },
    action: 'patient.login.start',
    outcome: 'success',
    patientId: patient.id,
    origin: input.origin,
  });
  return { loginId, contacts: contacts.map(({ id, kind, masked }) => ({ id, kind, masked })) };
}

/** Step 2: send (or resend) the code to the chosen contact point. Same answer for decoys. */
export async function sendLoginCode(
  deps: LoginDeps,
  input: { tenant: Tenant; loginId: string; contactId: string; locale: Locale; origin: RequestOrigin },
): Promise<{ sentTo: string; channel: 'sms' | 'email'; expiresInSeconds: number }> {
  const { database } = deps;
  const challenge = await database.otpChallenge.findFirst({
    where: { id: input.loginId, tenantId: input.tenant.id, purpose: 'login' },
  });
  const payload = challenge?.payload as unknown as LoginPayload | undefined;
  const contact = payload?.contacts.find((candidate) => candidate.id === input.contactId);
  if (!challenge || !contact || challenge.consumedAt || challenge.expiresAt < new Date())
    throw new AppError('invalid_input', 'login.expired');
  await limit(database, CODES_PER_CONTACT, input.tenant, contact.value || `decoy:${challenge.id}`, input.origin);
  const sent = await resendCode(database, {
    tenantId: input.tenant.id,
    challengeId: challenge.id,
    secret: deps.secret,
    channel: contact.kind,
  });
  if (sent.status === 'too_soon')
    throw new AppError('rate_limited', 'login.waitBeforeResend', {
      params: { seconds: sent.retryAfterSeconds },
      retryAfterSeconds: sent.retryAfterSeconds,
    });
  if (sent.status === 'unavailable') throw new AppError('invalid_input', 'login.noMoreCodes');
  if (challenge.subject !== 'decoy') {
    const delivered = await deps.notifier.sendOtp({
      tenant: input.tenant,
      contact: { kind: contact.kind, value: contact.value },
      fallbackEmail: payload?.email ?? undefined,
      code: sent.issued.code,
      minutes: CODE_TTL_SECONDS / 60,
      locale: input.locale,
      idempotencyKey: `login:${challenge.id}:${challenge.sendCount + 1}`,
    });
    await recordAudit(database, {
      tenantId: input.tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login.code_sent',
      outcome: 'success',
      patientId: challenge.subject,
      origin: input.origin,
      detail: { channel: delivered.channel, fellBackToEmail: delivered.fellBackToEmail },
    });
    if (delivered.fellBackToEmail) {
      const email = payload?.contacts.find((candidate) => candidate.kind === 'email');
      return { sentTo: email?.masked ?? contact.masked, channel: 'email', expiresInSeconds: CODE_TTL_SECONDS };
    }
  }
  return { sentTo: contact.masked, channel: contact.kind, expiresInSeconds: CODE_TTL_SECONDS };
}

export type CodeLoginResult =
  | { status: 'signed-in'; account: PatientAccount; patientId: string }
  | { status: 'wrong_code'; attemptsLeft: number }
  | { status: 'expired' | 'locked' | 'invalid' };

/** Step 3: the code. Signs the patient in (creating their app account on first use). */
export async function verifyLoginCode(
  deps: LoginDeps,
  input: { tenant: Tenant; loginId: string; code: string; origin: RequestOrigin },
): Promise<CodeLoginResult> {
  const { database } = deps;
  if (!/^\d{6}$/.test(input.code.trim())) return { status: 'wrong_code', attemptsLeft: 0 };
  const check = await verifyCode(database, {
    tenantId: input.tenant.id,
    challengeId: input.loginId,
    code: input.code,
    secret: deps.secret,
  });
  if (check.status === 'verified' && check.purpose === 'login' && check.subject !== 'decoy') {
    const account = await ensurePatientAccount(database, input.tenant.id, check.subject);
    await recordAudit(database, {
      tenantId: input.tenant.id,
      actor: { type: 'patient', id: account.id },
      action: 'patient.login',
      outcome: 'success',
      patientId: check.subject,
      origin: input.origin,
      detail: { method: 'mrn-code' },
    });
    return { status: 'signed-in', account, patientId: check.subject };
  }
  await recordAudit(database, {
    tenantId: input.tenant.id,
    actor: { type: 'anonymous' },
    action: 'patient.login',
    outcome: 'failure',
    origin: input.origin,
    detail: { method: 'mrn-code', reason: check.status },
  });
  if (check.status === 'wrong_code') return check;
  if (check.status === 'expired' || check.status === 'locked') return { status: check.status };
  return { status: 'invalid' };
}
