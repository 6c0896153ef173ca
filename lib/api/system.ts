/** Endpoints outside a clinic: language choice, readiness, the development outbox, Twilio webhooks. */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import { defineEndpoint } from './endpoint';
import type {
  localeFormSchema,
  outboxQuerySchema,
  twilioInboundSmsSchema,
  twilioStatusCallbackSchema,
} from './system.input';

const healthCheckSchema = z.object({ ok: z.boolean(), detail: z.optional(z.string()) });

/** Readiness: the same body for 200 (`ok`, `degraded`) and 503 (`unavailable`, naming the failing part). */
export const healthReportSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  version: z.string(),
  checks: z.object({
    database: healthCheckSchema,
    migrations: z.extend(healthCheckSchema, { pending: z.optional(z.array(z.string())) }),
    queue: z.optional(
      z.extend(healthCheckSchema, { otpWaiting: z.number(), otpOldestWaitingSeconds: z.nullable(z.number()) }),
    ),
    workers: z.optional(
      z.extend(healthCheckSchema, {
        workers: z.record(z.string(), z.object({ state: z.enum(['starting', 'running', 'retrying']) })),
      }),
    ),
  }),
  /** Facts that do not decide readiness: each clinic's change detection (lag, last success, last error). */
  details: z.optional(
    z.object({
      changeDetection: z.array(
        z.object({
          clinic: z.string(),
          source: z.enum(['poll', 'subscription']),
          lagSeconds: z.nullable(z.number()),
          lastSuccessAt: z.nullable(z.string()),
          lastErrorAt: z.nullable(z.string()),
          lastError: z.nullable(z.string()),
          changesSeen: z.number(),
          unmappableSeen: z.number(),
        }),
      ),
    }),
  ),
});

export const outboxEntrySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  channel: z.string(),
  template: z.string(),
  recipient: z.string(),
  subject: z.nullable(z.string()),
  text: z.string(),
  status: z.string(),
  createdAt: z.string(),
});

export const systemApi = {
  /** `POST /api/locale`: a plain form (`locale`, `returnTo`); stores the choice and answers 303 back. */
  locale: defineEndpoint<{ body: zc.input<typeof localeFormSchema> }>()({
    method: 'POST',
    path: () => '/api/locale',
    format: 'redirect',
    response: z.null(),
  }),
  /** `GET /api/health`: readiness of this replica. */
  health: defineEndpoint()({ method: 'GET', path: () => '/api/health', response: healthReportSchema }),
  /** `GET /api/dev/outbox` (development only): the newest recorded messages. */
  devOutbox: defineEndpoint<{ query: zc.input<typeof outboxQuerySchema> }>()({
    method: 'GET',
    path: () => '/api/dev/outbox',
    response: z.object({ messages: z.array(outboxEntrySchema) }),
  }),
  /** `POST /api/webhooks/twilio/inbound`: STOP / START / HELP (signature checked); answers TwiML. */
  twilioInbound: defineEndpoint<{ body: zc.input<typeof twilioInboundSmsSchema> }>()({
    method: 'POST',
    path: () => '/api/webhooks/twilio/inbound',
    format: 'text',
    response: z.string(),
  }),
  /** `POST /api/webhooks/twilio/status?n={notification id}`: delivery status callbacks (204). */
  twilioStatus: defineEndpoint<{ body: zc.input<typeof twilioStatusCallbackSchema> }>()({
    method: 'POST',
    path: () => '/api/webhooks/twilio/status',
    format: 'none',
    response: z.null(),
  }),
} as const;
