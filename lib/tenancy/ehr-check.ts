/**
 * The last onboarding check of a clinic's EHR, as stored on the clinic (`Tenant.ehrCheck`): each item
 * the app needs with its outcome, and whether online booking is allowed. A clinic whose EHR failed a
 * required item is read-only online (patients can sign in and see their visits, not book or change
 * them) until a check passes: that is better than double-booking silently.
 */
import { z } from 'zod';
import { AppError } from '@/lib/errors';

export const ehrCheckItemSchema = z.object({
  key: z.string(),
  title: z.string(),
  status: z.enum(['ok', 'missing', 'wrong', 'skipped']),
  required: z.boolean(),
  detail: z.string(),
});
export type EhrCheckItem = z.infer<typeof ehrCheckItemSchema>;

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
