/**
 * The last onboarding check of a clinic's EHR, as stored on the clinic (`Tenant.ehrCheck`): each item
 * the app needs with its outcome, and whether online booking is allowed. A clinic whose EHR failed a
 * required item is read-only online (patients can sign in and see their visits, not book or change
 * them) until a check passes: that is better than double-booking silently.
 */
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import {
  CONNECTION_CHECK_DETAILS,
  CONNECTION_CHECK_TITLES,
  type ConnectionCheckDetail,
  type ConnectionCheckText,
  type ConnectionCheckTitle,
} from '@/lib/i18n/ehr-check-text';

const errorTextSchema = z.object({
  reason: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.record(z.string(), z.unknown())])).optional(),
});

const paramSchema = z.union([
  z.string(),
  z.number(),
  z.object({ list: z.array(z.string()) }),
  z.object({
    access: z.array(z.object({ type: z.string(), missing: z.array(z.enum(['c', 'r', 'u', 'd', 's'])) })),
  }),
  z.object({ error: z.union([z.string(), errorTextSchema]), cause: z.string().optional() }),
]);

function textSchema<const Codes extends readonly [string, ...string[]]>(
  codes: Codes,
): z.ZodType<ConnectionCheckText<Codes[number]>> {
  return z.object({
    code: z.enum(codes),
    params: z.record(z.string(), paramSchema).optional(),
  }) as unknown as z.ZodType<ConnectionCheckText<Codes[number]>>;
}

const titleSchema = textSchema(CONNECTION_CHECK_TITLES);
const detailSchema = textSchema(CONNECTION_CHECK_DETAILS);

const TITLE_OF_KEY: Readonly<Record<string, ConnectionCheckTitle>> = {
  'capability-statement': 'capabilityStatement',
  credentials: 'credentials',
  scope: 'scope',
  'booking-mode': 'bookingMode',
  transaction: 'transaction',
  atomic: 'atomic',
};

const itemSchema = z.object({
  key: z.string(),
  title: titleSchema,
  status: z.enum(['ok', 'missing', 'wrong', 'skipped']),
  required: z.boolean(),
  detail: z.array(detailSchema),
});

/**
 * A report stored before checks spoke in codes (title and detail in English): its title is known from
 * the item's key, its detail is shown as it was, marked as an earlier check's words, until the next run.
 */
const earlierItemSchema = z
  .object({
    key: z.string(),
    title: z.string(),
    status: z.enum(['ok', 'missing', 'wrong', 'skipped']),
    required: z.boolean(),
    detail: z.string(),
  })
  .transform((earlier): EhrCheckItem => ({
    key: earlier.key,
    title: earlier.key.startsWith('type:')
      ? { code: 'resourceType', params: { type: earlier.key.slice(5) } }
      : { code: TITLE_OF_KEY[earlier.key] ?? 'capabilityStatement' },
    status: earlier.status,
    required: earlier.required,
    detail: [{ code: 'earlierCheck' satisfies ConnectionCheckDetail, params: { text: earlier.detail } }],
  }));

export const ehrCheckItemSchema = z.union([itemSchema, earlierItemSchema]);
export type EhrCheckItem = z.infer<typeof itemSchema>;

export const ehrCheckReportSchema = z.object({
  checkedAt: z.iso.datetime(),
  /** False when a required item is missing or wrong. */
  bookingAllowed: z.boolean(),
  items: z.array(ehrCheckItemSchema),
});
export type EhrCheckReport = z.infer<typeof ehrCheckReportSchema>;

/** Whether the items let the clinic book online: every required item ok (or not testable yet). */
export function bookingAllowedBy(items: readonly EhrCheckItem[]): boolean {
  return items.every((item) => !item.required || item.status === 'ok' || item.status === 'skipped');
}

/** Refuses a booking, change or cancellation online when the clinic's EHR failed its check. */
export function assertOnlineBookingAllowed(tenant: { ehrCheck: EhrCheckReport | null }): void {
  if (tenant.ehrCheck && !tenant.ehrCheck.bookingAllowed)
    throw new AppError('unavailable', 'booking.onlineBookingUnavailable', { details: { reason: 'ehr_check_failed' } });
}
