/**
 * What the waitlist needs: the booking dependencies (the clinic's EHR, the app database, the notifier)
 * and a way to plan the next group of offers after the pause (a job on the queue, lib/waitlist/waitlist-jobs.ts).
 */
import type { BookingDeps } from '@/lib/booking/booking-deps';

export interface WaitlistDeps extends BookingDeps {
  /** Plans `offerFreedSlot` for this slot at `at` (the next group, or the end of quiet hours). */
  scheduleRound?: (input: { tenantId: string; slotId: string; at: Date }) => Promise<void>;
}
