/**
 * A patient's own settings in the app: where codes and notices go first (text message or email, only
 * a kind of contact point on file) and their language. Stored on the app account; the EHR record is
 * not changed. Audited.
 */
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { contactChannelOf } from './patient-account';

export const preferencesSchema = z
  .object({
    preferredChannel: z.enum(['sms', 'email'], 'field.channelOption').optional(),
    preferredLocale: z.enum(LOCALES, 'field.languageOption').optional(),
  })
  .refine(
    (value) => value.preferredChannel !== undefined || value.preferredLocale !== undefined,
    'field.settingRequired',
  );
export type PreferencesInput = z.infer<typeof preferencesSchema>;

export interface PatientPreferences {
  preferredChannel: 'sms' | 'email' | null;
  preferredLocale: Locale | null;
}

export async function updatePatientPreferences(
  deps: { database: Database; provider: SchedulingProvider },
  input: { tenant: Tenant; accountId: string; patientId: string; preferences: PreferencesInput; origin: RequestOrigin },
): Promise<PatientPreferences> {
  const { preferredChannel, preferredLocale } = input.preferences;
  if (preferredChannel) {
    const patient = await deps.provider.getPatient(input.patientId);
    await recordAudit(deps.database, {
      tenantId: input.tenant.id,
      actor: { type: 'patient', id: input.accountId },
      action: 'patient.read',
      outcome: 'success',
      patientId: input.patientId,
      origin: input.origin,
      detail: { view: 'preferences' },
    });
    const onFile = patient.contacts.some((contact) =>
      preferredChannel === 'sms' ? contact.kind === 'phone' : contact.kind === 'email',
    );
    if (!onFile) {
      await recordAudit(deps.database, {
        tenantId: input.tenant.id,
        actor: { type: 'patient', id: input.accountId },
        action: 'patient.preferences.update',
        outcome: 'failure',
        patientId: input.patientId,
        origin: input.origin,
        detail: { reason: `no_${preferredChannel}_on_file` },
      });
      throw new AppError(
        'invalid_input',
        preferredChannel === 'sms' ? 'contact.noPhoneOnFile' : 'contact.noEmailOnFile',
        { details: { preferredChannel: { reason: 'field.noContactOnFile' } } },
      );
    }
  }
  const account = await deps.database.patientAccount.update({
    where: { id: input.accountId, tenantId: input.tenant.id },
    data: { ...(preferredChannel ? { preferredChannel } : {}), ...(preferredLocale ? { preferredLocale } : {}) },
    select: { preferredChannel: true, preferredLocale: true },
  });
  await recordAudit(deps.database, {
    tenantId: input.tenant.id,
    actor: { type: 'patient', id: input.accountId },
    action: 'patient.preferences.update',
    outcome: 'success',
    patientId: input.patientId,
    origin: input.origin,
    detail: { preferredChannel: preferredChannel ?? null, preferredLocale: preferredLocale ?? null },
  });
  return {
    preferredChannel: contactChannelOf(account.preferredChannel),
    preferredLocale: LOCALES.find((locale) => locale === account.preferredLocale) ?? null,
  };
}
