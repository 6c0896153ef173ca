/**
 * MRN sign-in, step 2: the one-time code to the chosen contact point. Decoys get the same answer by
 * the same path: a job through the OTP queue (dropped by the worker) and an audit row.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import type { Tenant } from '@/lib/tenancy/tenant';
import { CODE_TTL_SECONDS, resendCode } from './one-time-code';
import { limit, CODES_PER_CONTACT, type LoginDeps, type LoginPayload } from './mrn-login';

/** Step 2: send (or resend) the code to the chosen contact point. Same answer for decoys. */
export async function sendLoginCode(
  deps: LoginDeps,
  input: { tenant: Tenant; loginId: string; contactId: string; locale: Locale; origin: RequestOrigin },
): Promise<{ sentTo: string; channel: 'sms' | 'email'; expiresInSeconds: number }> {
  const { database } = deps;
  const challenge = await database.otpChallenge.findFirst({
    where: { id: input.loginId, tenantId: input.tenant.id, purpose: 'login' },
  });
  const payload = challenge?.payload as unknown as LoginPayload | undefined;
  const contact = payload?.contacts.find((candidate) => candidate.id === input.contactId);
  if (!challenge || !contact || challenge.consumedAt || challenge.expiresAt < new Date())
    throw new AppError('invalid_input', 'login.expired');
  await limit(database, CODES_PER_CONTACT, input.tenant, contact.value || `decoy:${challenge.id}`, input.origin);
  const sent = await resendCode(database, {
    tenantId: input.tenant.id,
    challengeId: challenge.id,
    secret: deps.secret,
    channel: contact.kind,
  });
  if (sent.status === 'too_soon')
    throw new AppError('rate_limited', 'login.waitBeforeResend', {
      params: { seconds: sent.retryAfterSeconds },
      retryAfterSeconds: sent.retryAfterSeconds,
    });
  if (sent.status === 'unavailable') throw new AppError('invalid_input', 'login.noMoreCodes');
  if (challenge.subject === 'decoy' || !contact.value) {
    // Through the queue like a real code, and audited like one, so that nothing tells the two apart.
    await deps.notifier.sendDecoyOtp({
      tenant: input.tenant,
      idempotencyKey: `login:${challenge.id}:${challenge.sendCount + 1}`,
    });
    await recordAudit(database, {
      tenantId: input.tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login.code_sent',
      outcome: 'failure',
      origin: input.origin,
      detail: { channel: contact.kind, reason: 'decoy' },
    });
  } else {
    const delivered = await deps.notifier.sendOtp({
      tenant: input.tenant,
      contact: { kind: contact.kind, value: contact.value },
      fallbackEmail: payload?.email ?? undefined,
      code: sent.issued.code,
      minutes: CODE_TTL_SECONDS / 60,
      locale: input.locale,
      idempotencyKey: `login:${challenge.id}:${challenge.sendCount + 1}`,
    });
    await recordAudit(database, {
      tenantId: input.tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login.code_sent',
      outcome: 'success',
      patientId: challenge.subject,
      origin: input.origin,
      detail: { channel: delivered.channel, fellBackToEmail: delivered.fellBackToEmail },
    });
    if (delivered.fellBackToEmail) {
      const email = payload?.contacts.find((candidate) => candidate.kind === 'email');
      return { sentTo: email?.masked ?? contact.masked, channel: 'email', expiresInSeconds: CODE_TTL_SECONDS };
    }
  }
  return { sentTo: contact.masked, channel: contact.kind, expiresInSeconds: CODE_TTL_SECONDS };
}
