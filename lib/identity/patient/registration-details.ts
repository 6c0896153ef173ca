/**
 * What a new patient tells us at registration, checked at the edge: names, a possible date of birth
 * (not in the future, not before 1900, a real calendar date), a phone number valid for the clinic's
 * country (libphonenumber-js), an email address, an optional address and a language. At least one of
 * phone and email, and the code goes to the one chosen in `verifyBy`.
 *
 * To add a registration step (e.g. insurance), extend {@link registrationDetailsSchema} and read the
 * new field in complete-registration.ts after the patient is created.
 */
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { localDate } from '@/lib/time/zoned';
import { AppError } from '@/lib/errors';
import { LOCALES } from '@/lib/i18n/locales';
import type { Tenant } from '@/lib/tenancy/tenant';

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalText = (max: number): z.ZodType<string | undefined> =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `Please keep this under ${max} characters.`).optional());

export const registrationDetailsSchema = z
  .object({
    given: z
      .string('Enter your first name.')
      .trim()
      .min(1, 'Enter your first name.')
      .max(60, 'Please keep your first name under 60 characters.'),
    family: z
      .string('Enter your last name.')
      .trim()
      .min(1, 'Enter your last name.')
      .max(60, 'Please keep your last name under 60 characters.'),
    birthDate: z.iso.date('Enter your date of birth as YYYY-MM-DD.'),
    gender: z.enum(['female', 'male', 'other', 'unknown'], 'Choose one of the options for sex.'),
    phone: z.preprocess(blankToUndefined, z.string().trim().max(30, 'That phone number is too long.').optional()),
    email: z.preprocess(
      blankToUndefined,
      z.email('Enter a valid email address, like name@example.com.').max(254).optional(),
    ),
    address: z
      .object({
        line: optionalText(100),
        city: optionalText(60),
        state: optionalText(40),
        postalCode: optionalText(20),
      })
      .optional(),
    preferredLanguage: z.enum(LOCALES, 'Choose one of the offered languages.').default('en'),
    verifyBy: z.enum(['sms', 'email'], 'Choose where we should send your code.'),
  })
  .superRefine((details, context) => {
    if (!details.phone && !details.email)
      context.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Enter a mobile phone number or an email address so we can send you a code.',
      });
    else if (details.verifyBy === 'sms' && !details.phone)
      context.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Enter a mobile phone number to get your code by text message.',
      });
    else if (details.verifyBy === 'email' && !details.email)
      context.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Enter an email address to get your code by email.',
      });
  });

/** Checked and normalized details: the phone in E.164, the email lower-cased. */
export interface RegistrationDetails {
  given: string;
  family: string;
  birthDate: string;
  gender: 'female' | 'male' | 'other' | 'unknown';
  phone?: string | undefined;
  email?: string | undefined;
  address?:
    | {
        line?: string | undefined;
        city?: string | undefined;
        state?: string | undefined;
        postalCode?: string | undefined;
      }
    | undefined;
  preferredLanguage: (typeof LOCALES)[number];
  verifyBy: 'sms' | 'email';
}

export const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * Parses raw input into {@link RegistrationDetails}, or throws one `invalid_input` AppError whose
 * details name every field that is wrong.
 */
export function checkRegistrationDetails(raw: unknown, tenant: Tenant, now: Date = new Date()): RegistrationDetails {
  const parsed = registrationDetailsSchema.safeParse(raw);
  const problems: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.') || 'body';
      problems[path] ??= issue.message;
    }
  }
  // The checks zod cannot make are made even when other fields are wrong, so every problem is named at once.
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const birthDate = parsed.success ? parsed.data.birthDate : fields.birthDate;
  if (
    typeof birthDate === 'string' &&
    !problems.birthDate &&
    (birthDate > localDate(now, tenant.timeZone) || birthDate < EARLIEST_BIRTH_DATE)
  )
    problems.birthDate = 'That date of birth is not possible.';
  const rawPhone = parsed.success
    ? parsed.data.phone
    : typeof fields.phone === 'string' && fields.phone.trim()
      ? fields.phone.trim()
      : undefined;
  let phone: string | undefined;
  if (rawPhone && !problems.phone) {
    try {
      const number = parsePhoneNumberWithError(rawPhone, tenant.notificationSettings.defaultCountry as CountryCode);
      if (!number.isValid()) throw new Error('invalid');
      phone = number.number;
    } catch {
      problems.phone = 'That phone number is not valid. Please check it, including the area code.';
    }
  }
  const keys = Object.keys(problems);
  if (!parsed.success || keys.length > 0) {
    const only = keys.length === 1 ? problems[keys[0] ?? ''] : undefined;
    throw new AppError('invalid_input', only ?? 'Some fields are missing or not valid.', { details: problems });
  }
  return { ...parsed.data, phone, email: parsed.data.email?.toLowerCase() };
}
