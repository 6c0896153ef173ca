/**
 * Request schemas of the booking endpoints (full zod, parsed by the route handlers). Components see
 * them only as types, through lib/api/booking.ts.
 */
import { z } from 'zod';
import { reasonSchema } from '@/lib/booking/booking-deps';

export { slotQuerySchema } from '@/lib/booking/find-slots';
export { clinicianTimesQuerySchema } from '@/lib/booking/find-clinician-times';
export { idempotencyKeySchema } from '@/lib/http/idempotency';

export const bookBodySchema = z.object({
  forPatient: z.string().min(1).max(64),
  slotId: z.string().min(1).max(64),
  slotVersion: z.string().min(1).max(64),
  reason: reasonSchema,
  /** The review's hold of the slot, where the clinic's EHR offers holds. */
  holdId: z
    .string()
    .regex(/^[A-Za-z0-9\-.]{1,64}$/)
    .optional(),
});

export const holdBodySchema = z.object({
  forPatient: z.string().min(1).max(64),
  slotId: z.string().min(1).max(64),
});

export const releaseHoldBodySchema = z.object({ forPatient: z.string().min(1).max(64) });

export const rescheduleBodySchema = z.object({
  slotId: z.string().min(1).max(64),
  slotVersion: z.string().min(1).max(64),
});

export const cancelBodySchema = z.object({ reason: reasonSchema });
