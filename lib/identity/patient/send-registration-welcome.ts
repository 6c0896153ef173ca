/**
 * Registration, step 3, right after the new patient is signed in: their first QR code is made, shown
 * once on the welcome page and sent to them (`registration-welcome`, through the notifier, on the
 * channel they verified) with their MRN. Only once per registration, and only to the patient it
 * created: a second call is refused (the code cannot be shown again; the profile makes a new one).
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { noticeContact } from '@/lib/notify/notice-contact';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import type { Notifier } from '@/lib/notify/notifier';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { registeredPayloadSchema, type RegisteredPayload } from './complete-registration';
import type { QrCodeImage } from './qr-code-image';
import { reissueQrCode } from './reissue-qr-code';
import { contactChannelOf } from './patient-account';

export interface WelcomeDeps {
  database: Database;
  provider: SchedulingProvider;
  notifier: Notifier;
  appBaseUrl: string;
  qrLoginDays?: number | undefined;
}

export interface Welcome {
  mrn: string | null;
  name: string;
  qr: QrCodeImage;
  sentTo: 'sms' | 'email' | null;
}

export async function sendRegistrationWelcome(
  deps: WelcomeDeps,
  input: {
    tenant: Tenant;
    accountId: string;
    patientId: string;
    registrationId: string;
    locale: Locale;
    origin: RequestOrigin;
  },
): Promise<Welcome> {
  const { database, tenant } = { ...deps, tenant: input.tenant };
  const challenge = await database.otpChallenge.findFirst({
    where: { id: input.registrationId, tenantId: tenant.id, purpose: 'registration' },
  });
  const payload = registeredPayloadSchema.safeParse(challenge?.payload);
  const claim: RegisteredPayload = { stage: 'registered', patientId: input.patientId, welcomed: true };
  // Compare-and-set on the stored payload: exactly one caller gets to make the first QR code.
  const claimed =
    payload.success && payload.data.patientId === input.patientId && !payload.data.welcomed
      ? await database.otpChallenge.updateMany({
          where: { id: input.registrationId, payload: { equals: { ...claim, welcomed: false } } },
          data: { payload: claim },
        })
      : { count: 0 };
  if (claimed.count === 0) {
    await recordAudit(database, {
      tenantId: tenant.id,
      actor: { type: 'patient', id: input.accountId },
      action: 'patient.register.welcome',
      outcome: 'denied',
      patientId: input.patientId,
      origin: input.origin,
      detail: { reason: payload.success ? 'already_welcomed' : 'unknown_registration' },
    });
    throw new AppError('conflict', 'registration.qrAlreadyShown');
  }
  const patient = await deps.provider.getPatient(input.patientId);
  const account = await database.patientAccount.findFirstOrThrow({
    where: { id: input.accountId, tenantId: tenant.id },
  });
  const qr = await reissueQrCode(deps, {
    tenant,
    accountId: input.accountId,
    patientId: input.patientId,
    origin: input.origin,
    reason: 'registration',
  });
  const target = noticeContact(patient, contactChannelOf(account.preferredChannel));
  if (target) {
    await deps.notifier.enqueue({
      tenant,
      channel: target.channel,
      to: target.to,
      template: 'registration-welcome',
      locale: input.locale,
      variables: { patient: patient.name.given || patient.name.display, mrn: patient.mrn ?? '', link: qr.link },
      priority: 'transactional',
      idempotencyKey: `registration-welcome:${input.registrationId}`,
    });
  }
  await recordAudit(database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: input.accountId },
    action: 'patient.register.welcome',
    outcome: 'success',
    patientId: input.patientId,
    origin: input.origin,
    detail: { channel: target?.channel ?? null },
  });
  return { mrn: patient.mrn, name: patient.name.given || patient.name.display, qr, sentTo: target?.channel ?? null };
}
