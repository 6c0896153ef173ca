/**
 * The profile page's data: the patient (contact points masked), their settings, the people in their
 * care and whether a QR code is active. The EHR read is audited.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { PostalAddress } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { getQrCodeStatus } from './get-qr-code-status';
import type { QrCodeStatus } from './qr-code-image';
import type { PatientPreferences } from './update-preferences';
import { LOCALES } from '@/lib/i18n/locales';
import { contactChannelOf } from './patient-account';

export interface PatientProfile {
  name: string;
  mrn: string | null;
  /** Masked contact points on file, by kind. */
  contacts: { kind: 'sms' | 'email'; masked: string }[];
  /** The home address on file. */
  address: PostalAddress | null;
  preferences: PatientPreferences;
  dependents: { id: string; name: string; mrn: string | null; birthDate: string | null }[];
  qr: QrCodeStatus;
}

export async function getPatientProfile(
  deps: { database: Database; provider: SchedulingProvider },
  input: { tenant: Tenant; accountId: string; patientId: string; origin: RequestOrigin },
): Promise<PatientProfile> {
  const patient = await deps.provider.getPatient(input.patientId);
  const [dependents, account, qr] = await Promise.all([
    deps.provider.listDependents(patient),
    deps.database.patientAccount.findFirstOrThrow({
      where: { id: input.accountId, tenantId: input.tenant.id },
      select: { preferredChannel: true, preferredLocale: true },
    }),
    getQrCodeStatus(deps.database, { tenantId: input.tenant.id, accountId: input.accountId }),
  ]);
  for (const person of [patient, ...dependents.map((dependent) => dependent.patient)]) {
    await recordAudit(deps.database, {
      tenantId: input.tenant.id,
      actor: { type: 'patient', id: input.accountId },
      action: 'patient.read',
      outcome: 'success',
      patientId: person.id,
      origin: input.origin,
      detail: { view: 'profile', self: person.id === patient.id },
    });
  }
  return {
    name: patient.name.display,
    mrn: patient.mrn,
    contacts: patient.contacts.map((contact) => ({
      kind: contact.kind === 'phone' ? 'sms' : 'email',
      masked: contact.masked,
    })),
    address: patient.address,
    preferences: {
      preferredChannel: contactChannelOf(account.preferredChannel),
      preferredLocale: LOCALES.find((locale) => locale === account.preferredLocale) ?? null,
    },
    dependents: dependents.map((dependent) => ({
      id: dependent.patient.id,
      name: dependent.patient.name.display,
      mrn: dependent.patient.mrn,
      birthDate: dependent.patient.birthDate,
    })),
    qr,
  };
}
