/**
 * Twilio webhooks: delivery status callbacks and inbound SMS keywords (STOP/START/HELP; replies to
 * reminders are answered by lib/sms-replies). Both are accepted
 * only with a valid X-Twilio-Signature (HMAC-SHA1 of the public URL and the form parameters).
 */
import twilio from 'twilio';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { notificationSettingsSchema } from '@/lib/tenancy/tenant-settings';

export function assertTwilioSignature(
  authToken: string | undefined,
  signature: string | null,
  url: string,
  params: Record<string, string>,
): void {
  if (!authToken || !signature || !twilio.validateRequest(authToken, signature, url, params))
    throw new AppError('forbidden', 'request.signatureInvalid');
}

const STATUS_MAP: Record<string, string> = {
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undeliverable',
  failed: 'failed',
};
const ORDER = ['queued', 'sending', 'unconfirmed', 'sent', 'delivered', 'failed', 'undeliverable'];

/**
 * Applies a status callback; `notificationId` comes from our callback URL, so even an unconfirmed
 * hand-off is reconciled.
 */
export async function applyStatusCallback(
  database: Database,
  input: { notificationId: string | null; params: Record<string, string> },
): Promise<void> {
  const sid = input.params.MessageSid;
  const status = STATUS_MAP[input.params.MessageStatus ?? ''];
  if (!sid || !status) return;
  const notification =
    input.notificationId && /^[0-9a-f-]{36}$/.test(input.notificationId)
      ? await database.notification.findUnique({ where: { id: input.notificationId } })
      : await database.notification.findFirst({ where: { providerMessageId: sid } });
  if (!notification || (notification.providerMessageId && notification.providerMessageId !== sid)) return;
  // Callbacks may arrive out of order; never move back from delivered/failed to sent.
  if (ORDER.indexOf(status) < ORDER.indexOf(notification.status) && notification.status !== 'unconfirmed') return;
  await database.notification.update({
    where: { id: notification.id },
    data: {
      status,
      providerMessageId: sid,
      ...(input.params.ErrorCode ? { lastError: `carrier error ${input.params.ErrorCode}` } : {}),
    },
  });
  if (input.params.ErrorCode === '21610')
    await database.smsOptOut.upsert({
      where: { tenantId_phone: { tenantId: notification.tenantId, phone: notification.recipient } },
      create: { tenantId: notification.tenantId, phone: notification.recipient },
      update: {},
    });
}

const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

/** Whether an inbound text is one of the carrier keywords (STOP/START/HELP and their synonyms). */
export function isSmsKeyword(body: string): boolean {
  const word = body.trim().toUpperCase();
  return STOP_WORDS.has(word) || START_WORDS.has(word) || HELP_WORDS.has(word);
}

/** A TwiML answer: one reply message, or none. */
export function twiml(message?: string): string {
  if (!message) return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
  const text = message.replace(/[<&>]/g, '');
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${text}</Message></Response>`;
}

export interface SenderClinic {
  id: string;
  displayName: string;
  contactPhone: string | null;
}

/** The clinics a number texted to belongs to (its own senders, or the shared default sender). */
export async function clinicsForSender(
  database: Database,
  to: string,
  defaultSender: string | undefined,
): Promise<SenderClinic[]> {
  const tenants = await database.tenant.findMany({
    select: { id: true, displayName: true, contactPhone: true, notificationSettings: true },
  });
  return tenants
    .filter((tenant) => {
      const settings = notificationSettingsSchema.parse(tenant.notificationSettings);
      return settings.smsFrom === to || settings.smsOtpFrom === to || (!settings.smsFrom && to === defaultSender);
    })
    .map(({ id, displayName, contactPhone }) => ({ id, displayName, contactPhone }));
}

/** STOP/START/HELP from a patient's phone to a clinic sender (or the shared default sender). Returns TwiML. */
export async function applyInboundSms(
  database: Database,
  input: { params: Record<string, string>; defaultSender: string | undefined },
): Promise<string> {
  const from = input.params.From ?? '';
  const word = (input.params.Body ?? '').trim().toUpperCase();
  const owners = await clinicsForSender(database, input.params.To ?? '', input.defaultSender);
  if (!from || owners.length === 0) return twiml();
  if (STOP_WORDS.has(word)) {
    for (const owner of owners)
      await database.smsOptOut.upsert({
        where: { tenantId_phone: { tenantId: owner.id, phone: from } },
        create: { tenantId: owner.id, phone: from },
        update: {},
      });
  } else if (START_WORDS.has(word)) {
    await database.smsOptOut.deleteMany({ where: { tenantId: { in: owners.map((owner) => owner.id) }, phone: from } });
  } else if (HELP_WORDS.has(word)) {
    const clinic = owners[0];
    const call = clinic?.contactPhone ? `Call ${clinic.contactPhone}. ` : '';
    return twiml(
      `${clinic?.displayName ?? 'Your clinic'}: appointment messages. ${call}` +
        'Reply STOP to opt out, START to opt back in.',
    );
  }
  return twiml();
}

/** Reads a Twilio webhook's form body into a plain record. */
export async function formParams(request: Request): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(await request.text())) params[key] = value;
  return params;
}
