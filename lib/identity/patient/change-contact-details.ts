/**
 * A signed-in patient changing their own contact details on the profile page. A new mobile phone or
 * email is proven first: a one-time code goes to the new contact point, and only the right code
 * writes it to the EHR (through `SchedulingProvider.updateContactDetails`); a home address is written
 * at once. Codes per contact point share the sign-in limit; every step is audited; nothing is written
 * to the EHR before the code is right.
 */
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { normalizePhone } from '@/lib/notify/notifier';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { maskEmail, maskPhone } from '@/lib/scheduling/mask';
import type { PostalAddress } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { limit, CODES_PER_CONTACT, type LoginDeps } from './mrn-login';
import { CODE_TTL_SECONDS, issueCode, verifyCode } from './one-time-code';

export const contactChangeSchema = z.object({
  kind: z.enum(['sms', 'email'], 'field.channelOption'),
  value: z.string('field.required').trim().min(1, 'field.required').max(254, 'field.textTooLong'),
});

export const contactChangeCodeSchema = z.object({
  changeId: z.uuid('login.expired'),
  code: z
    .string('field.required')
    .trim()
    .regex(/^\d{6}$/, 'signIn.patientCode'),
});

const addressText = (max: number): z.ZodType<string | null> =>
  z
    .string()
    .trim()
    .max(max, 'field.textTooLong')
    .optional()
    .transform((value) => value || null);

export const addressChangeSchema = z.object({
  line: z.string('field.required').trim().min(1, 'field.required').max(100, 'field.textTooLong'),
  city: addressText(60),
  state: addressText(40),
  postalCode: addressText(20),
});

type ContactChangeDeps = Pick<LoginDeps, 'database' | 'provider' | 'notifier' | 'secret'>;

/** The signed-in patient changing their own details. */
export interface ContactChangeActor {
  tenant: Tenant;
  accountId: string;
  patientId: string;
  locale: Locale;
  origin: RequestOrigin;
}

/** What the change carries until its code is entered (never shown back to the browser). */
const pendingChangeSchema = z.object({ kind: z.enum(['sms', 'email']), value: z.string().min(1) });

/** Sends a code to the new phone or email; answers where it went (masked) and the change's id. */
export async function startContactChange(
  deps: ContactChangeDeps,
  actor: ContactChangeActor,
  input: z.infer<typeof contactChangeSchema>,
): Promise<{ changeId: string; sentTo: string; expiresInSeconds: number }> {
  // A phone must be one the clinic texts (its countries); the same rule as at registration.
  const value =
    input.kind === 'sms' ? normalizePhone(input.value, actor.tenant.notificationSettings) : emailOf(input.value);
  if (!value)
    throw new AppError('invalid_input', 'contact.emailInvalid', {
      details: { value: { reason: 'contact.emailInvalid' } },
    });
  await limit(deps.database, CODES_PER_CONTACT, actor.tenant, value, actor.origin, 'patient.contact_change');
  const issued = await issueCode(deps.database, {
    tenantId: actor.tenant.id,
    purpose: 'contact',
    subject: actor.patientId,
    channel: input.kind,
    secret: deps.secret,
    payload: { kind: input.kind, value },
  });
  await deps.notifier.sendOtp({
    tenant: actor.tenant,
    contact: { kind: input.kind, value },
    code: issued.code,
    minutes: CODE_TTL_SECONDS / 60,
    locale: actor.locale,
    idempotencyKey: `contact:${issued.challengeId}`,
  });
  await audit(deps.database, actor, 'patient.contact_change', 'success', { step: 'code_sent', kind: input.kind });
  return {
    changeId: issued.challengeId,
    sentTo: input.kind === 'sms' ? maskPhone(value) : maskEmail(value),
    expiresInSeconds: CODE_TTL_SECONDS,
  };
}

/** The right code writes the new phone or email to the EHR; answers the contact points now on file. */
export async function confirmContactChange(
  deps: ContactChangeDeps,
  actor: ContactChangeActor,
  input: z.infer<typeof contactChangeCodeSchema>,
): Promise<{ contacts: { kind: 'sms' | 'email'; masked: string }[] }> {
  const check = await verifyCode(deps.database, {
    tenantId: actor.tenant.id,
    challengeId: input.changeId,
    code: input.code,
    secret: deps.secret,
  });
  const pending = check.status === 'verified' ? pendingChangeSchema.safeParse(check.payload) : null;
  if (
    check.status !== 'verified' ||
    check.purpose !== 'contact' ||
    check.subject !== actor.patientId ||
    !pending?.success
  ) {
    await audit(deps.database, actor, 'patient.contact_change', 'failure', { step: 'code', reason: check.status });
    if (check.status === 'wrong_code' && check.attemptsLeft > 0)
      throw new AppError('invalid_input', 'signIn.patientCodeTriesLeft', { params: { count: check.attemptsLeft } });
    throw new AppError('invalid_input', check.status === 'expired' ? 'login.expired' : 'signIn.patientCode');
  }
  const { kind, value } = pending.data;
  const patient = await deps.provider.updateContactDetails({
    patientId: actor.patientId,
    ...(kind === 'sms' ? { phone: value } : { email: value }),
  });
  await audit(deps.database, actor, 'patient.update', 'success', {
    fields: kind === 'sms' ? 'phone' : 'email',
    verified: true,
  });
  return { contacts: maskedContacts(patient.contacts) };
}

/** Writes the patient's home address to the EHR. */
export async function changeAddress(
  deps: Pick<LoginDeps, 'database' | 'provider'>,
  actor: ContactChangeActor,
  input: z.infer<typeof addressChangeSchema>,
): Promise<{ address: PostalAddress | null }> {
  const patient = await deps.provider.updateContactDetails({
    patientId: actor.patientId,
    address: { lines: [input.line], city: input.city, state: input.state, postalCode: input.postalCode },
  });
  await audit(deps.database, actor, 'patient.update', 'success', { fields: 'address' });
  return { address: patient.address };
}

/** One audit entry of the patient's change of their own record. */
function audit(
  database: LoginDeps['database'],
  actor: ContactChangeActor,
  action: 'patient.contact_change' | 'patient.update',
  outcome: 'success' | 'failure',
  detail: Record<string, string | boolean>,
): Promise<void> {
  return recordAudit(database, {
    tenantId: actor.tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action,
    outcome,
    patientId: actor.patientId,
    origin: actor.origin,
    detail,
  });
}

function emailOf(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return z.email().safeParse(email).success ? email : null;
}

function maskedContacts(
  contacts: { kind: 'phone' | 'email'; masked: string }[],
): { kind: 'sms' | 'email'; masked: string }[] {
  return contacts.map((contact) => ({ kind: contact.kind === 'phone' ? 'sms' : 'email', masked: contact.masked }));
}
