/**
 * Registration, step 2: the code proves the contact point; only then is the EHR touched. A likely
 * duplicate (same name, birth date and phone or email as a record on file) is not created again: the
 * person is told to log in instead, and nothing about the record is shown. Otherwise the Patient is
 * created through the provider (with an MRN, per the clinic's settings), the app account is made with
 * the chosen language and contact channel, and the patient is signed in. The form's details are
 * erased from the challenge either way. When the EHR (or the database) fails on the way, the code is
 * given back, so the person can simply try again with it while it lasts. Audited.
 *
 * Further registration steps (e.g. insurance through `provider.saveCoverage`) belong right after
 * `createPatient`, reading their fields from the details.
 */
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { releaseCode, verifyCode } from './one-time-code';
import { ensurePatientAccount, PATIENT_ACCOUNT_SELECT, type PatientAccount } from './patient-account';
import type { RegistrationDetails } from './registration-details';
import { pendingRegistrationSchema, type PendingRegistration } from './start-registration';

export interface CompleteRegistrationDeps {
  database: Database;
  provider: SchedulingProvider;
  secret: string;
}

/** What the challenge keeps once the patient exists: who it is, and whether the welcome went out. */
export const registeredPayloadSchema = z.object({
  stage: z.literal('registered'),
  patientId: z.string(),
  welcomed: z.boolean(),
});
export type RegisteredPayload = z.infer<typeof registeredPayloadSchema>;

export type RegistrationResult =
  | { status: 'registered'; account: PatientAccount; patientId: string; mrn: string | null }
  | { status: 'duplicate' }
  | { status: 'wrong_code'; attemptsLeft: number }
  | { status: 'expired' | 'locked' | 'invalid' };

function digits(value: string): string {
  return value.replace(/\D/g, '').slice(-10);
}

/** Same name and birth date (the EHR search) and the same phone or email on file. */
export function isLikelyDuplicate(candidate: PatientSummary, details: RegistrationDetails): boolean {
  const sameName =
    candidate.name.given.toLowerCase() === details.given.toLowerCase() &&
    candidate.name.family.toLowerCase() === details.family.toLowerCase();
  if (!sameName || candidate.birthDate !== details.birthDate) return false;
  return candidate.contacts.some((contact) =>
    contact.kind === 'phone' && details.phone
      ? digits(contact.value) === digits(details.phone)
      : contact.kind === 'email' && details.email
        ? contact.value.toLowerCase() === details.email
        : false,
  );
}

async function settle(database: Database, challengeId: string, payload: RegisteredPayload | null): Promise<void> {
  await database.otpChallenge.update({ where: { id: challengeId }, data: { payload: payload ?? { stage: 'closed' } } });
}

export async function completeRegistration(
  deps: CompleteRegistrationDeps,
  input: { tenant: Tenant; registrationId: string; code: string; origin: RequestOrigin; now?: Date },
): Promise<RegistrationResult> {
  const { database, tenant } = { ...deps, tenant: input.tenant };
  const fail = async (reason: string, patientId?: string): Promise<void> => {
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.register',
      outcome: reason === 'duplicate' ? 'denied' : 'failure',
      origin: input.origin,
      detail: { reason },
      ...(patientId ? { patientId } : {}),
    });
  };
  if (!/^\d{6}$/.test(input.code.trim()) || !z.uuid().safeParse(input.registrationId).success) {
    await fail('malformed_code');
    return { status: 'wrong_code', attemptsLeft: 0 };
  }
  const verifiedAt = input.now ?? new Date();
  const check = await verifyCode(database, {
    tenantId: tenant.id,
    challengeId: input.registrationId,
    code: input.code,
    secret: deps.secret,
    now: verifiedAt,
  });
  const pending =
    check.status === 'verified' && check.purpose === 'registration'
      ? pendingRegistrationSchema.safeParse(check.payload)
      : null;
  if (check.status !== 'verified' || !pending?.success) {
    await fail(check.status === 'verified' ? 'not_a_registration' : check.status);
    if (check.status === 'wrong_code') return check;
    if (check.status === 'expired' || check.status === 'locked') return { status: check.status };
    return { status: 'invalid' };
  }
  try {
    return await registerVerified(deps, { ...input, pending: pending.data, fail });
  } catch (error) {
    await releaseCode(database, { tenantId: tenant.id, challengeId: input.registrationId, consumedAt: verifiedAt });
    await fail('provider_failed');
    throw error;
  }
}

/** The EHR part, once the code is verified; throws (and the caller gives the code back) on a failure. */
async function registerVerified(
  deps: CompleteRegistrationDeps,
  input: {
    tenant: Tenant;
    registrationId: string;
    origin: RequestOrigin;
    pending: PendingRegistration;
    fail: (reason: string, patientId?: string) => Promise<void>;
  },
): Promise<RegistrationResult> {
  const { database, provider, tenant } = { ...deps, tenant: input.tenant };
  const { details, contact } = input.pending;
  const fail = input.fail;

  const duplicate = (
    await provider.findPatientsByDemographics({
      given: details.given,
      family: details.family,
      birthDate: details.birthDate,
    })
  ).find((candidate) => isLikelyDuplicate(candidate, details));
  if (duplicate) {
    await settle(database, input.registrationId, null);
    await fail('duplicate', duplicate.id);
    return { status: 'duplicate' };
  }

  const patient = await provider.createPatient({
    given: details.given,
    family: details.family,
    birthDate: details.birthDate,
    gender: details.gender,
    phone: details.phone,
    email: details.email,
    preferredLanguage: details.preferredLanguage,
    address:
      details.address && Object.values(details.address).some(Boolean)
        ? {
            lines: details.address.line ? [details.address.line] : [],
            city: details.address.city ?? null,
            state: details.address.state ?? null,
            postalCode: details.address.postalCode ?? null,
          }
        : undefined,
  });
  const created = await ensurePatientAccount(database, tenant.id, patient.id);
  const account = await database.patientAccount.update({
    where: { id: created.id },
    data: { preferredLocale: details.preferredLanguage, preferredChannel: contact.kind },
    select: PATIENT_ACCOUNT_SELECT,
  });
  await settle(database, input.registrationId, { stage: 'registered', patientId: patient.id, welcomed: false });
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: account.id },
    action: 'patient.register',
    outcome: 'success',
    patientId: patient.id,
    origin: input.origin,
    detail: { channel: contact.kind },
  });
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: account.id },
    action: 'patient.login',
    outcome: 'success',
    patientId: patient.id,
    origin: input.origin,
    detail: { method: 'registration' },
  });
  return { status: 'registered', account, patientId: patient.id, mrn: patient.mrn };
}
