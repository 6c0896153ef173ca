/**
 * Registration, step 1: the new patient's details are checked and a one-time code goes to the phone
 * or email they chose. Nothing is created in the EHR until that code comes back
 * (complete-registration.ts); the details wait, server-side only, in the code's challenge. The answer
 * has the same shape whoever registers: whether these details match an existing record is looked at
 * only after the contact point is proven. Rate limited per IP and per contact point; audited.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Locale } from '@/lib/i18n/locales';
import type { Notifier } from '@/lib/notify/notifier';
import { maskEmail, maskPhone } from '@/lib/scheduling/mask';
import type { RateLimitRule } from '@/lib/security/rate-limit';
import type { Tenant } from '@/lib/tenancy/tenant';
import { CODE_TTL_SECONDS, issueCode, resendCode } from './one-time-code';
import { limit } from './mrn-login';
import { checkRegistrationDetails, type RegistrationDetails } from './registration-details';

export const REGISTER_PER_IP: RateLimitRule = { name: 'register:ip', limit: 20, windowSeconds: 3600 };
export const REGISTER_PER_CONTACT: RateLimitRule = { name: 'register:contact', limit: 5, windowSeconds: 3600 };

export interface RegistrationCodeDeps {
  database: Database;
  notifier: Notifier;
  secret: string;
}

/** What waits in the challenge until the code is verified; erased (replaced) once it is. */
export const pendingRegistrationSchema = z.object({
  stage: z.literal('pending'),
  contact: z.object({ kind: z.enum(['sms', 'email']), value: z.string().min(3) }),
  details: z.custom<RegistrationDetails>((value) => typeof value === 'object' && value !== null),
});
export type PendingRegistration = z.infer<typeof pendingRegistrationSchema>;

export interface RegistrationCodeSent {
  registrationId: string;
  sentTo: string;
  channel: 'sms' | 'email';
  expiresInSeconds: number;
}

function contactSubject(secret: string, tenantId: string, value: string): string {
  return createHmac('sha256', `registration:${secret}`).update(`${tenantId}|${value}`).digest('base64url');
}

function masked(contact: PendingRegistration['contact']): string {
  return contact.kind === 'sms' ? maskPhone(contact.value) : maskEmail(contact.value);
}

async function sendCode(
  deps: RegistrationCodeDeps,
  input: {
    tenant: Tenant;
    challengeId: string;
    sendNumber: number;
    code: string;
    pending: PendingRegistration;
    locale: Locale;
    origin: RequestOrigin;
  },
): Promise<RegistrationCodeSent> {
  const { contact, details } = input.pending;
  const delivered = await deps.notifier.sendOtp({
    tenant: input.tenant,
    contact,
    fallbackEmail: contact.kind === 'sms' ? details.email : undefined,
    code: input.code,
    minutes: CODE_TTL_SECONDS / 60,
    locale: input.locale,
    idempotencyKey: `registration:${input.challengeId}:${input.sendNumber}`,
  });
  await recordAudit(deps.database, {
    tenantId: input.tenant.id,
    actor: { type: 'anonymous' },
    action: 'patient.register.code_sent',
    outcome: 'success',
    origin: input.origin,
    detail: { channel: delivered.channel, fellBackToEmail: delivered.fellBackToEmail },
  });
  const sentTo = delivered.fellBackToEmail && details.email ? maskEmail(details.email) : masked(contact);
  return { registrationId: input.challengeId, sentTo, channel: delivered.channel, expiresInSeconds: CODE_TTL_SECONDS };
}

/** Checks the details (a 400 naming each bad field, audited) and sends the code. */
export async function startRegistration(
  deps: RegistrationCodeDeps,
  input: { tenant: Tenant; details: unknown; locale: Locale; origin: RequestOrigin; now?: Date },
): Promise<RegistrationCodeSent> {
  const { database } = deps;
  await limit(
    database,
    REGISTER_PER_IP,
    input.tenant,
    input.origin.ip ?? 'unknown',
    input.origin,
    'patient.register.start',
  );
  let details: RegistrationDetails;
  try {
    details = checkRegistrationDetails(input.details, input.tenant, input.now);
  } catch (error) {
    if (error instanceof AppError) {
      await recordAudit(database, {
        tenantId: input.tenant.id,
        actor: { type: 'anonymous' },
        action: 'patient.register.start',
        outcome: 'failure',
        origin: input.origin,
        detail: {
          reason: 'invalid_input',
          fields: Object.keys(error.details ?? {})
            .sort()
            .join(','),
        },
      });
    }
    throw error;
  }
  const contact =
    details.verifyBy === 'sms'
      ? { kind: 'sms' as const, value: details.phone ?? '' }
      : { kind: 'email' as const, value: details.email ?? '' };
  await limit(database, REGISTER_PER_CONTACT, input.tenant, contact.value, input.origin, 'patient.register.start');
  const pending: PendingRegistration = { stage: 'pending', contact, details };
  const issued = await issueCode(database, {
    tenantId: input.tenant.id,
    purpose: 'registration',
    subject: contactSubject(deps.secret, input.tenant.id, contact.value),
    channel: contact.kind,
    secret: deps.secret,
    payload: pending as unknown as Prisma.InputJsonValue,
    ...(input.now ? { now: input.now } : {}),
  });
  await recordAudit(database, {
    tenantId: input.tenant.id,
    actor: { type: 'anonymous' },
    action: 'patient.register.start',
    outcome: 'success',
    origin: input.origin,
    detail: { channel: contact.kind },
  });
  return sendCode(deps, {
    tenant: input.tenant,
    challengeId: issued.challengeId,
    sendNumber: 1,
    code: issued.code,
    pending,
    locale: details.preferredLanguage,
    origin: input.origin,
  });
}

/** A new code for a registration in progress (at most every 30 s, 5 times, and per contact point). */
export async function resendRegistrationCode(
  deps: RegistrationCodeDeps,
  input: { tenant: Tenant; registrationId: string; origin: RequestOrigin },
): Promise<RegistrationCodeSent> {
  const { database } = deps;
  const challenge = await database.otpChallenge.findFirst({
    where: { id: input.registrationId, tenantId: input.tenant.id, purpose: 'registration' },
  });
  const pending = pendingRegistrationSchema.safeParse(challenge?.payload);
  if (!challenge || !pending.success || challenge.consumedAt || challenge.expiresAt < new Date())
    throw new AppError('invalid_input', 'registration.expired');
  await limit(
    database,
    REGISTER_PER_CONTACT,
    input.tenant,
    pending.data.contact.value,
    input.origin,
    'patient.register.start',
  );
  const sent = await resendCode(database, {
    tenantId: input.tenant.id,
    challengeId: challenge.id,
    secret: deps.secret,
  });
  if (sent.status === 'too_soon')
    throw new AppError('rate_limited', 'login.waitBeforeResend', {
      params: { seconds: sent.retryAfterSeconds },
      retryAfterSeconds: sent.retryAfterSeconds,
    });
  if (sent.status === 'unavailable') throw new AppError('invalid_input', 'registration.noMoreCodes');
  return sendCode(deps, {
    tenant: input.tenant,
    challengeId: challenge.id,
    sendNumber: challenge.sendCount + 1,
    code: sent.issued.code,
    pending: pending.data,
    locale: pending.data.details.preferredLanguage,
    origin: input.origin,
  });
}
