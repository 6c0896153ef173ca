/**
 * Request schemas of the endpoints outside a clinic: the language choice, the development outbox and
 * the Twilio webhooks (full zod, parsed by the route handlers).
 */
import { z } from 'zod';
import { LOCALES } from '@/lib/i18n/locales';

/** The language menu's plain form post. */
export const localeFormSchema = z.object({
  locale: z.enum(LOCALES),
  // Only paths on this site: no scheme, no host, no protocol-relative "//".
  returnTo: z
    .string()
    .regex(/^\/(?!\/)[^\s\\]*$/)
    .max(512)
    .default('/'),
});

export const outboxQuerySchema = z.object({
  to: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

/**
 * What Twilio posts (form-encoded strings; the signature covers every field, so all are kept).
 * Inbound SMS: `From`, `To`, `Body`.
 */
export const twilioInboundSmsSchema = z
  .object({ From: z.string().optional(), To: z.string().optional(), Body: z.string().optional() })
  .catchall(z.string());

/** Delivery status callbacks: `MessageSid`, `MessageStatus`, `ErrorCode` (the notification id is `?n=`). */
export const twilioStatusCallbackSchema = z
  .object({
    MessageSid: z.string().optional(),
    MessageStatus: z.string().optional(),
    ErrorCode: z.string().optional(),
  })
  .catchall(z.string());
