/**
 * One-time codes for signing in and for verifying a contact point at registration. Six digits, valid
 * ten minutes, five tries, resends throttled. Only a keyed hash is stored; a code is used at most once,
 * even when two verifications race (compare-and-set on `consumedAt`).
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';

export const CODE_TTL_SECONDS = 10 * 60;
export const MAX_ATTEMPTS = 5;
export const RESEND_INTERVAL_SECONDS = 30;
export const MAX_SENDS = 5;

/** `contact`: a signed-in patient's new phone or email, before it is written to the EHR. */
export type OtpPurpose = 'login' | 'registration' | 'contact';
export type OtpChannel = 'sms' | 'email';

export interface IssuedCode {
  challengeId: string;
  /** The plain code: hand it to the notification queue, never to logs or the browser. */
  code: string;
  expiresAt: Date;
}

export type CodeCheck =
  | { status: 'verified'; subject: string; purpose: OtpPurpose; channel: OtpChannel; payload: Prisma.JsonValue | null }
  | { status: 'wrong_code'; attemptsLeft: number }
  | { status: 'expired' | 'used' | 'locked' | 'unknown' };

function hashCode(secret: string, challengeId: string, code: string): string {
  return createHmac('sha256', `otp:${secret}`).update(`${challengeId}:${code}`).digest('base64url');
}

function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

export async function issueCode(
  database: Database,
  options: {
    tenantId: string;
    purpose: OtpPurpose;
    subject: string;
    channel: OtpChannel;
    secret: string;
    payload?: Prisma.InputJsonValue;
    now?: Date;
  },
): Promise<IssuedCode> {
  const now = options.now ?? new Date();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000);
  const challenge = await database.otpChallenge.create({
    data: {
      tenantId: options.tenantId,
      purpose: options.purpose,
      subject: options.subject,
      channel: options.channel,
      codeHash: 'pending',
      expiresAt,
      lastSentAt: now,
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    },
  });
  await database.otpChallenge.update({
    where: { id: challenge.id },
    data: { codeHash: hashCode(options.secret, challenge.id, code) },
  });
  return { challengeId: challenge.id, code, expiresAt };
}

/**
 * Opens a challenge without a code yet (the patient still has to choose where it goes). `payload`
 * holds what the purpose needs later and never leaves the server.
 */
export async function openChallenge(
  database: Database,
  options: { tenantId: string; purpose: OtpPurpose; subject: string; payload?: Prisma.InputJsonValue; now?: Date },
): Promise<string> {
  const now = options.now ?? new Date();
  const challenge = await database.otpChallenge.create({
    data: {
      tenantId: options.tenantId,
      purpose: options.purpose,
      subject: options.subject,
      channel: 'none',
      codeHash: '',
      sendCount: 0,
      lastSentAt: new Date(0),
      expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    },
  });
  return challenge.id;
}

export type ResendResult =
  | { status: 'sent'; issued: IssuedCode; channel: OtpChannel; subject: string }
  | { status: 'too_soon'; retryAfterSeconds: number }
  | { status: 'unavailable' };

/**
 * A fresh code for the same challenge (the old one stops working), at most every 30 s and 5 times.
 * Wrong tries are not forgiven: the challenge's five attempts cover every code sent for it.
 */
export async function resendCode(
  database: Database,
  options: { tenantId: string; challengeId: string; secret: string; channel?: OtpChannel; now?: Date },
): Promise<ResendResult> {
  const now = options.now ?? new Date();
  const challenge = await database.otpChallenge.findFirst({
    where: { id: options.challengeId, tenantId: options.tenantId },
  });
  if (
    !challenge ||
    challenge.consumedAt ||
    challenge.sendCount >= MAX_SENDS ||
    challenge.attempts >= challenge.maxAttempts
  )
    return { status: 'unavailable' };
  const waited = (now.getTime() - challenge.lastSentAt.getTime()) / 1000;
  if (waited < RESEND_INTERVAL_SECONDS)
    return { status: 'too_soon', retryAfterSeconds: Math.ceil(RESEND_INTERVAL_SECONDS - waited) };
  const code = newCode();
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000);
  const updated = await database.otpChallenge.updateMany({
    where: { id: challenge.id, lastSentAt: challenge.lastSentAt, consumedAt: null },
    data: {
      codeHash: hashCode(options.secret, challenge.id, code),
      expiresAt,
      lastSentAt: now,
      sendCount: { increment: 1 },
      ...(options.channel ? { channel: options.channel } : {}),
    },
  });
  if (updated.count === 0) return { status: 'too_soon', retryAfterSeconds: RESEND_INTERVAL_SECONDS };
  return {
    status: 'sent',
    issued: { challengeId: challenge.id, code, expiresAt },
    channel: options.channel ?? (challenge.channel as OtpChannel),
    subject: challenge.subject,
  };
}

/**
 * Gives back a code verified at `consumedAt` whose purpose could not be carried out (the EHR did not
 * answer): it is usable again until it expires, and the right guess does not count as an attempt.
 */
export async function releaseCode(
  database: Database,
  options: { tenantId: string; challengeId: string; consumedAt: Date },
): Promise<void> {
  await database.otpChallenge.updateMany({
    where: { id: options.challengeId, tenantId: options.tenantId, consumedAt: options.consumedAt, attempts: { gt: 0 } },
    data: { consumedAt: null, attempts: { decrement: 1 } },
  });
}

export async function verifyCode(
  database: Database,
  options: { tenantId: string; challengeId: string; code: string; secret: string; now?: Date },
): Promise<CodeCheck> {
  const now = options.now ?? new Date();
  const existing = await database.otpChallenge.findFirst({
    where: { id: options.challengeId, tenantId: options.tenantId },
  });
  if (!existing) return { status: 'unknown' };
  if (existing.consumedAt) return { status: 'used' };
  if (!existing.codeHash) return { status: 'unknown' };
  if (existing.expiresAt <= now) return { status: 'expired' };
  // Count the attempt first, atomically, so parallel guesses cannot exceed the limit.
  const counted = await database.otpChallenge.updateMany({
    where: { id: existing.id, consumedAt: null, attempts: { lt: existing.maxAttempts } },
    data: { attempts: { increment: 1 } },
  });
  if (counted.count === 0) return { status: 'locked' };
  const challenge = await database.otpChallenge.findUniqueOrThrow({ where: { id: existing.id } });
  const expected = Buffer.from(challenge.codeHash);
  const actual = Buffer.from(hashCode(options.secret, challenge.id, options.code.trim()));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    const attemptsLeft = challenge.maxAttempts - challenge.attempts;
    return attemptsLeft > 0 ? { status: 'wrong_code', attemptsLeft } : { status: 'locked' };
  }
  const consumed = await database.otpChallenge.updateMany({
    where: { id: challenge.id, consumedAt: null },
    data: { consumedAt: now },
  });
  if (consumed.count === 0) return { status: 'used' };
  return {
    status: 'verified',
    subject: challenge.subject,
    purpose: challenge.purpose as OtpPurpose,
    channel: challenge.channel as OtpChannel,
    payload: challenge.payload,
  };
}
