/**
 * Answers a text message a patient sends to a clinic's number (the inbound Twilio webhook). Carrier
 * keywords (STOP/START/HELP) keep their meaning (lib/notify/webhooks.ts). Otherwise the reply is matched
 * to the latest appointment messages (reminders, and the confirmation before a reminder is due) that
 * clinic sent to that number, and the visit is read from the EHR:
 *
 * - "C" confirms it (written to the EHR through the provider; the front-desk board shows it);
 * - "X" cancels it through the same use-case as the app (the clinic's cutoff applies: too late is
 *   "please call" with the clinic's number);
 * - with several open visits, "C"/"X" alone asks which one ("C2", "X1" answer);
 * - "Y" takes the latest earlier-slot offer texted to that number (take-offer-by-reply.ts);
 * - anything else gets a short help text.
 *
 * An unknown number, another clinic's number, a visit already cancelled or past: a clear answer and
 * nothing changed. Every reply is audited (`sms.reply`, with the intent and result, never the text).
 */
import { createTranslator } from 'use-intl/core';
import { recordAudit, type AuditActor, type AuditOutcome, type RequestOrigin } from '@/lib/audit/record-audit';
import type { BookingDeps, PatientActor } from '@/lib/booking/booking-deps';
import { cancelAppointment } from '@/lib/booking/cancel-appointment';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { DEFAULT_LOCALE, HTML_LANG, isLocale, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import { contactChannelOf } from '@/lib/identity/patient/patient-account';
import { log } from '@/lib/logger';
import { REMINDER_TEMPLATES } from '@/lib/notify/reminders';
import { applyInboundSms, clinicsForSender, isSmsKeyword, twiml, type SenderClinic } from '@/lib/notify/webhooks';
import type { Appointment } from '@/lib/scheduling/types';
import { rememberAppointment } from '@/lib/sync-state/remember-appointment';
import type { Tenant } from '@/lib/tenancy/tenant';
import { formatLocalDateTime } from '@/lib/time/format';
import { takeOfferByReply, type OfferReplyResult } from './take-offer-by-reply';

/** The messages about one appointment a reply can answer (newest first decides). */
const ANSWERABLE_TEMPLATES = [
  ...REMINDER_TEMPLATES,
  'booking-confirmation',
  'reschedule-confirmation',
  'moved-by-clinic',
];
/** How many recent messages to the number are looked at. */
const RECENT_MESSAGES = 20;

export interface SmsReplyDeps {
  database: Database;
  /** A clinic and its use-case dependencies (its EHR, the notifier), by id; null when it is gone. */
  clinic: (tenantId: string) => Promise<{ tenant: Tenant; deps: BookingDeps } | null>;
  now?: () => Date;
}

export type ReplyIntent = 'confirm' | 'cancel' | 'accept' | 'other';

/** "C", "x", "C2", "X 1." -> intent and the visit's number in the list, if any; "Y": take the offer. */
export function parseReply(body: string): { intent: ReplyIntent; choice: number | null } {
  if (/^\s*Y\s*[.!]*\s*$/i.test(body)) return { intent: 'accept', choice: null };
  const match = /^\s*([CX])\s*(\d{1,2})?\s*[.!]*\s*$/i.exec(body);
  if (!match) return { intent: 'other', choice: null };
  return {
    intent: match[1]?.toUpperCase() === 'C' ? 'confirm' : 'cancel',
    choice: match[2] ? Number(match[2]) : null,
  };
}

type ReplyKey =
  | 'confirmed'
  | 'alreadyConfirmed'
  | 'cancelled'
  | 'tooLate'
  | 'whichVisit'
  | 'choice'
  | 'noVisit'
  | 'alreadyCancelled'
  | 'past'
  | 'failed'
  | 'help'
  | 'offerTaken'
  | 'offerGone'
  | 'offerExpired'
  | 'offerUsed'
  | 'noOffer';

function text(locale: Locale, key: ReplyKey, values: Record<string, string>): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'smsReply' });
  return t(key, values);
}

export async function answerInboundSms(
  deps: SmsReplyDeps,
  input: { params: Record<string, string>; defaultSender: string | undefined; origin: RequestOrigin },
): Promise<string> {
  const body = input.params.Body ?? '';
  if (isSmsKeyword(body)) return applyInboundSms(deps.database, input);
  const from = input.params.From ?? '';
  const owners = await clinicsForSender(deps.database, input.params.To ?? '', input.defaultSender);
  if (!from || owners.length === 0) return twiml();
  const { intent, choice } = parseReply(body);
  if (intent === 'accept') return answerOfferReply(deps, owners, from, input);
  const recent = await deps.database.notification.findMany({
    where: {
      tenantId: { in: owners.map((owner) => owner.id) },
      channel: 'sms',
      recipient: from,
      appointmentId: { not: null },
      template: { in: ANSWERABLE_TEMPLATES },
    },
    orderBy: { createdAt: 'desc' },
    take: RECENT_MESSAGES,
    select: { tenantId: true, appointmentId: true, locale: true },
  });
  const latest = recent[0];
  const owner = owners.find((candidate) => candidate.id === latest?.tenantId) ?? owners[0];
  const clinic = latest && owner ? await deps.clinic(owner.id) : null;
  if (!latest || !owner || !clinic) {
    const first = owners[0] as SenderClinic;
    await audit(deps.database, first.id, { type: 'anonymous' }, 'denied', { intent, result: 'unknown_number' }, input);
    return twiml(
      text(DEFAULT_LOCALE, intent === 'other' ? 'help' : 'noVisit', {
        clinic: first.displayName,
        phone: first.contactPhone ?? 'none',
      }),
    );
  }
  const { tenant } = clinic;
  const locale = isLocale(latest.locale) ? latest.locale : DEFAULT_LOCALE;
  const values = { clinic: tenant.displayName, phone: tenant.contactPhone ?? 'none' };
  const say = (key: ReplyKey, more: Record<string, string> = {}): string =>
    twiml(text(locale, key, { ...values, ...more }));
  if (intent === 'other') {
    await audit(deps.database, tenant.id, { type: 'anonymous' }, 'success', { intent, result: 'help' }, input);
    return say('help');
  }

  const now = deps.now?.() ?? new Date();
  const ids = [
    ...new Set(
      recent
        .filter((message) => message.tenantId === tenant.id)
        .map((message) => message.appointmentId)
        .filter((id): id is string => id !== null),
    ),
  ];
  const appointments = (
    await Promise.all(
      ids.map((id) =>
        clinic.deps.provider.getAppointment(id).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'not_found') return null;
          throw error;
        }),
      ),
    )
  ).filter((appointment): appointment is Appointment => appointment !== null);
  const open = appointments
    .filter((appointment) => appointment.status === 'booked' && new Date(appointment.start) > now)
    .sort((a, b) => a.start.localeCompare(b.start));
  const when = (appointment: Appointment): string =>
    formatLocalDateTime(appointment.start, tenant.timeZone, HTML_LANG[locale]);
  const patientName = async (appointment: Appointment): Promise<string> => {
    if (!appointment.patientId) return '';
    const patient = await clinic.deps.provider.getPatient(appointment.patientId).catch(() => null);
    return patient ? patient.name.given || patient.name.display : '';
  };

  if (open.length === 0) {
    const last = appointments[0];
    const result = !last ? 'unknown_visit' : last.status === 'cancelled' ? 'already_cancelled' : 'past';
    await audit(deps.database, tenant.id, { type: 'anonymous' }, 'denied', { intent, result }, input, last);
    if (!last) return say('noVisit');
    return say(last.status === 'cancelled' ? 'alreadyCancelled' : 'past', {
      patient: await patientName(last),
      when: when(last),
    });
  }
  const chosen = choice === null ? (open.length === 1 ? open[0] : undefined) : open[choice - 1];
  if (!chosen) {
    const choices = await Promise.all(
      open.map(async (appointment, index) =>
        text(locale, 'choice', {
          number: String(index + 1),
          patient: await patientName(appointment),
          when: when(appointment),
        }),
      ),
    );
    await audit(deps.database, tenant.id, { type: 'anonymous' }, 'success', { intent, result: 'asked_which' }, input);
    return say('whichVisit', { choices: choices.join('; ') });
  }

  const remembered = await deps.database.syncedAppointment.findUnique({
    where: { tenantId_appointmentId: { tenantId: tenant.id, appointmentId: chosen.id } },
    select: { holderPatientId: true },
  });
  const holderId = remembered?.holderPatientId ?? chosen.patientId ?? '';
  const account = await deps.database.patientAccount.findUnique({
    where: { tenantId_providerPatientId: { tenantId: tenant.id, providerPatientId: holderId } },
  });
  const actor: AuditActor = account ? { type: 'patient', id: account.id } : { type: 'anonymous' };
  const about = { patient: await patientName(chosen), when: when(chosen) };

  if (intent === 'confirm') {
    if (chosen.confirmedAt) {
      await audit(deps.database, tenant.id, actor, 'success', { intent, result: 'already_confirmed' }, input, chosen);
      return say('alreadyConfirmed', about);
    }
    try {
      const confirmed = await clinic.deps.provider.confirmAppointment({
        appointmentId: chosen.id,
        appointmentVersion: chosen.version,
        at: now.toISOString(),
      });
      // The app's own write: change detection must not take it for the clinic's.
      await rememberAppointment(deps.database, tenant.id, confirmed, remembered?.holderPatientId ?? null);
    } catch (error) {
      log().warn({ reason: error instanceof AppError ? error.reason : 'unexpected' }, 'sms confirmation failed');
      await audit(deps.database, tenant.id, actor, 'failure', { intent, result: 'ehr_refused' }, input, chosen);
      return say('failed');
    }
    await audit(deps.database, tenant.id, actor, 'success', { intent, result: 'confirmed' }, input, chosen);
    return say('confirmed', about);
  }

  if (!account) {
    await audit(deps.database, tenant.id, actor, 'denied', { intent, result: 'no_account' }, input, chosen);
    return say('failed');
  }
  const patientActor: PatientActor = {
    tenant,
    accountId: account.id,
    patientId: holderId,
    locale,
    origin: input.origin,
    preferredChannel: contactChannelOf(account.preferredChannel),
  };
  try {
    await cancelAppointment(clinic.deps, patientActor, { appointmentId: chosen.id, reason: 'Cancelled by text reply' });
  } catch (error) {
    const reason = error instanceof AppError ? error.reason : 'unexpected';
    const tooLate = reason === 'booking.pastCutoff' || reason === 'booking.pastCutoffCall';
    if (!tooLate) log().warn({ reason }, 'sms cancellation failed');
    await audit(
      deps.database,
      tenant.id,
      actor,
      tooLate ? 'denied' : 'failure',
      { intent, result: tooLate ? 'past_cutoff' : 'ehr_refused' },
      input,
      chosen,
    );
    return say(tooLate ? 'tooLate' : 'failed', about);
  }
  await audit(deps.database, tenant.id, actor, 'success', { intent, result: 'cancelled' }, input, chosen);
  return say('cancelled', about);
}

async function audit(
  database: Database,
  tenantId: string,
  actor: AuditActor,
  outcome: AuditOutcome,
  detail: { intent: ReplyIntent; result: string },
  input: { origin: RequestOrigin },
  appointment?: Appointment,
): Promise<void> {
  await recordAudit(database, {
    tenantId,
    actor,
    action: 'sms.reply',
    outcome,
    ...(appointment?.patientId ? { patientId: appointment.patientId } : {}),
    origin: input.origin,
    detail: { ...detail, ...(appointment ? { appointmentId: appointment.id } : {}) },
  });
}

const OFFER_REPLY: Record<OfferReplyResult, ReplyKey> = {
  taken: 'offerTaken',
  gone: 'offerGone',
  expired: 'offerExpired',
  used: 'offerUsed',
  no_offer: 'noOffer',
  failed: 'failed',
};

async function answerOfferReply(
  deps: SmsReplyDeps,
  owners: SenderClinic[],
  from: string,
  input: { origin: RequestOrigin },
): Promise<string> {
  const answer = await takeOfferByReply(deps, {
    from,
    clinicIds: owners.map((owner) => owner.id),
    origin: input.origin,
  });
  const owner = owners.find((candidate) => candidate.id === answer.tenantId) ?? owners[0];
  if (!owner) return twiml();
  await recordAudit(deps.database, {
    tenantId: owner.id,
    actor: { type: 'anonymous' },
    action: 'sms.reply',
    outcome: answer.result === 'taken' ? 'success' : answer.result === 'failed' ? 'failure' : 'denied',
    ...(answer.patientId ? { patientId: answer.patientId } : {}),
    origin: input.origin,
    detail: { intent: 'accept', result: answer.result },
  });
  return twiml(
    text(answer.locale, OFFER_REPLY[answer.result], {
      clinic: owner.displayName,
      phone: owner.contactPhone ?? 'none',
      patient: answer.patient,
      when: answer.when,
    }),
  );
}
