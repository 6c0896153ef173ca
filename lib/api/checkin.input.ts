/** Request schemas of the check-in and front-desk endpoints (full zod, parsed by the route handlers). */
import { z } from 'zod';

export { positionInputSchema } from '@/lib/checkin/position-input';

export const lobbyCheckInBodySchema = z.object({
  locationId: z.string().min(1).max(64),
  k: z.string().max(64),
  e: z.union([z.number(), z.string().max(20)]).transform((value) => Number(value)),
  s: z.string().max(128),
  appointmentId: z.string().min(1).max(64).optional(),
});

/** Any object: the use-case validates it with checkInSettingsSchema (lib/tenancy/tenant-settings.ts). */
export const checkInSettingsBodySchema = z.record(z.string(), z.unknown());

export const deskActionBodySchema = z.object({ action: z.enum(['arrive', 'check-in', 'noshow', 'undo-noshow']) });

/**
 * Where the live feed resumes when there is no `Last-Event-ID` header: an event id, anything else
 * ignored (a fresh board then starts from the newest event).
 */
export const deskEventsQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .catch(undefined),
});
