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
import { AppError, fieldProblems, type ErrorText } from '@/lib/errors';
import { LOCALES } from '@/lib/i18n/locales';
import type { Tenant } from '@/lib/tenancy/tenant';

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalText = (max: number): z.ZodType<string | undefined> =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, 'field.textTooLong').optional());

export const registrationDetailsSchema = z
  .object({
    given: z.string('field.givenRequired').trim().min(1, 'field.givenRequired').max(60, 'field.givenTooLong'),
    family: z.string('field.familyRequired').trim().min(1, 'field.familyRequired').max(60, 'field.familyTooLong'),
    birthDate: z.iso.date('field.birthDateFormat'),
    gender: z.enum(['female', 'male', 'other', 'unknown'], 'field.genderOption'),
    phone: z.preprocess(blankToUndefined, z.string().trim().max(30, 'field.phoneTooLong').optional()),
    email: z.preprocess(blankToUndefined, z.email('field.emailFormat').max(254).optional()),
    address: z
      .object({
        line: optionalText(100),
        city: optionalText(60),
        state: optionalText(40),
        postalCode: optionalText(20),
      })
      .optional(),
    preferredLanguage: z.enum(LOCALES, 'field.languageOption').default('en'),
    verifyBy: z.enum(['sms', 'email'], 'field.verifyByOption'),
  })
  .superRefine((details, context) => {
    if (!details.phone && !details.email)
      context.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'field.contactRequired',
      });
    else if (details.verifyBy === 'sms' && !details.phone)
      context.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'field.phoneRequiredForSms',
      });
    else if (details.verifyBy === 'email' && !details.email)
      context.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'field.emailRequiredForEmail',
      });
  });

/** A phone number as typed, read for the clinic's country: E.164, or null when it is not a valid number. */
export function phoneForClinic(raw: string, tenant: Pick<Tenant, 'notificationSettings'>): string | null {
  try {
    const number = parsePhoneNumberWithError(raw.trim(), tenant.notificationSettings.defaultCountry as CountryCode);
    return number.isValid() ? number.number : null;
  } catch {
    return null;
  }
}

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
  const problems: Record<string, ErrorText> = parsed.success ? {} : fieldProblems(parsed.error.issues, raw);
  // The checks zod cannot make are made even when other fields are wrong, so every problem is named at once.
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const birthDate = parsed.success ? parsed.data.birthDate : fields.birthDate;
  if (
    typeof birthDate === 'string' &&
    !problems.birthDate &&
    (birthDate > localDate(now, tenant.timeZone) || birthDate < EARLIEST_BIRTH_DATE)
  )
    problems.birthDate = { reason: 'registration.birthDateImpossible' };
  const rawPhone = parsed.success
    ? parsed.data.phone
    : typeof fields.phone === 'string' && fields.phone.trim()
      ? fields.phone.trim()
      : undefined;
  let phone: string | undefined;
  if (rawPhone && !problems.phone) {
    phone = phoneForClinic(rawPhone, tenant) ?? undefined;
    if (!phone) problems.phone = { reason: 'contact.phoneInvalid' };
  }
  const keys = Object.keys(problems);
  if (!parsed.success || keys.length > 0) {
    const only = keys.length === 1 ? problems[keys[0] ?? ''] : undefined;
    throw new AppError('invalid_input', only?.reason ?? 'request.invalidFields', {
      params: only?.params,
      details: problems,
    });
  }
  return { ...parsed.data, phone, email: parsed.data.email?.toLowerCase() };
}
