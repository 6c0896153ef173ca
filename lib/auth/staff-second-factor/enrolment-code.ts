/**
 * One-time enrolment codes: what lets a staff member register a passkey when the password is all
 * they have (their first passkey, or a new one after an administrator reset theirs). The password
 * alone never does, so someone who learned it cannot bind their own passkey to the account. A code
 * is issued by an administrator of the clinic, by the operator's CLI (`npm run staff:add`,
 * `npm run staff:enrolment-code`) or, for the demo administrator only, by the demo seed; it is shown
 * once, stored as a SHA-256 hash (60 random bits; guesses are limited per account), single use, and
 * expires. Issuing a new one replaces the user's previous code.
 */
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';

/** How long an issued code works. */
export const ENROLMENT_CODE_DAYS = 7;

/** Crockford's base32 letters: no I, L, O or U to misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

/** What a person types: any case, spaces and hyphens ignored. */
export const enrolmentCodeSchema = z
  .string()
  .max(40)
  .transform((value) => value.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{12}$/));

export function hashEnrolmentCode(code: string): string {
  return createHash('sha256').update(`staff-enrolment:${code}`).digest('base64url');
}

/** A new random code, grouped for reading aloud: `ABCD-EFGH-JKMN`. */
export function newEnrolmentCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)] ?? '0').join('');
  return formatEnrolmentCode(chars);
}

export function formatEnrolmentCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)?.join('-') ?? normalized;
}

export interface IssuedEnrolmentCode {
  /** Shown once; never stored. */
  code: string;
  expiresAt: Date;
}

type Writer = Pick<Database, 'staffEnrolmentCode'>;

/** Stores a code for the user (replacing any earlier one); `code` only for the demo seed's known one. */
export async function storeEnrolmentCode(
  database: Writer,
  input: {
    tenantId: string;
    staffUserId: string;
    issuedById: string | null;
    code?: string;
    days?: number;
    now?: Date;
  },
): Promise<IssuedEnrolmentCode> {
  const now = input.now ?? new Date();
  const code = input.code ?? newEnrolmentCode();
  const normalized = enrolmentCodeSchema.parse(code);
  const expiresAt = new Date(now.getTime() + (input.days ?? ENROLMENT_CODE_DAYS) * 24 * 3600 * 1000);
  const data = {
    tenantId: input.tenantId,
    codeHash: hashEnrolmentCode(normalized),
    issuedById: input.issuedById,
    expiresAt,
    usedAt: null,
  };
  await database.staffEnrolmentCode.upsert({
    where: { staffUserId: input.staffUserId },
    create: { ...data, staffUserId: input.staffUserId },
    update: { ...data, createdAt: now },
  });
  return { code: formatEnrolmentCode(normalized), expiresAt };
}

/** Whether `code` is the user's live code (unused, unexpired), without using it. */
export async function enrolmentCodeIsLive(
  database: Writer,
  input: { tenantId: string; staffUserId: string; code: string; now?: Date },
): Promise<boolean> {
  const parsed = enrolmentCodeSchema.safeParse(input.code);
  if (!parsed.success) return false;
  const live = await database.staffEnrolmentCode.count({
    where: {
      tenantId: input.tenantId,
      staffUserId: input.staffUserId,
      codeHash: hashEnrolmentCode(parsed.data),
      usedAt: null,
      expiresAt: { gt: input.now ?? new Date() },
    },
  });
  return live === 1;
}

/**
 * Uses the code: one conditional UPDATE, so two registrations racing with one code cannot both
 * pass. Returns the time it was marked used (to give it back if the registration is refused), or null.
 */
export async function takeEnrolmentCode(
  database: Writer,
  input: { tenantId: string; staffUserId: string; code: string; now?: Date },
): Promise<Date | null> {
  const parsed = enrolmentCodeSchema.safeParse(input.code);
  if (!parsed.success) return null;
  const now = input.now ?? new Date();
  const taken = await database.staffEnrolmentCode.updateMany({
    where: {
      tenantId: input.tenantId,
      staffUserId: input.staffUserId,
      codeHash: hashEnrolmentCode(parsed.data),
      usedAt: null,
      expiresAt: { gt: now },
    },
    data: { usedAt: now },
  });
  return taken.count === 1 ? now : null;
}

/** Gives a taken code back (the registration it was taken for was refused: nothing changed). */
export async function returnEnrolmentCode(
  database: Writer,
  input: { staffUserId: string; takenAt: Date },
): Promise<void> {
  await database.staffEnrolmentCode.updateMany({
    where: { staffUserId: input.staffUserId, usedAt: input.takenAt },
    data: { usedAt: null },
  });
}
