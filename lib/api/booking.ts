/** The booking endpoints: free slots, book, reschedule, cancel, the calendar file. */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import type {
  bookBodySchema,
  cancelBodySchema,
  clinicianTimesQuerySchema,
  holdBodySchema,
  releaseHoldBodySchema,
  rescheduleBodySchema,
  slotQuerySchema,
} from './booking.input';
import { defineEndpoint, segment } from './endpoint';
import { APPOINTMENT_STATUSES } from '@/lib/scheduling/types';
import { apiErrorSchema } from './error-body';

export const appointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

export const appointmentSchema = z.object({
  id: z.string(),
  version: z.string(),
  status: appointmentStatusSchema,
  start: z.string(),
  end: z.string(),
  slotIds: z.array(z.string()),
  patientId: z.nullable(z.string()),
  practitionerId: z.nullable(z.string()),
  locationId: z.nullable(z.string()),
  serviceCode: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  cancellationReason: z.nullable(z.string()),
});

/** A free slot as the patient sees it: labelled in the clinic's local time. */
export const slotViewSchema = z.object({
  id: z.string(),
  version: z.string(),
  start: z.string(),
  day: z.string(),
  dayLabel: z.string(),
  timeLabel: z.string(),
  practitioner: z.nullable(z.string()),
  location: z.nullable(z.string()),
});
export type SlotViewBody = z.infer<typeof slotViewSchema>;

export const slotPageSchema = z.object({
  items: z.array(slotViewSchema),
  next: z.nullable(z.string()),
  nextAvailable: z.nullable(slotViewSchema),
});

const clinicianCardSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  initials: z.string(),
  photoUrl: z.nullable(z.string()),
  qualifications: z.array(z.string()),
  languages: z.array(z.string()),
  specialties: z.array(z.string()),
});
export type ClinicianCardBody = z.infer<typeof clinicianCardSchema>;
const timeViewSchema = z.object({ id: z.string(), version: z.string(), start: z.string(), timeLabel: z.string() });
export type TimeViewBody = z.infer<typeof timeViewSchema>;

/** One page of the grouped search: counts per day, the first available time, a few days of times. */
export const clinicianTimesPageSchema = z.object({
  strip: z.array(
    z.object({
      day: z.string(),
      weekday: z.string(),
      dayOfMonth: z.string(),
      dayLabel: z.string(),
      count: z.number(),
    }),
  ),
  total: z.number(),
  clinicianCount: z.number(),
  firstAvailable: z.nullable(
    z.extend(timeViewSchema, {
      dayLabel: z.string(),
      clinician: z.nullable(clinicianCardSchema),
      location: z.nullable(z.string()),
    }),
  ),
  days: z.array(
    z.object({
      day: z.string(),
      dayLabel: z.string(),
      clinicians: z.array(
        z.object({
          clinician: z.nullable(clinicianCardSchema),
          location: z.nullable(z.string()),
          times: z.array(timeViewSchema),
        }),
      ),
    }),
  ),
  nextDay: z.nullable(z.string()),
});
export type ClinicianTimesPageBody = z.infer<typeof clinicianTimesPageSchema>;
export type ClinicianTimesQueryBody = zc.input<typeof clinicianTimesQuerySchema>;

export const appointmentBodySchema = z.object({ appointment: appointmentSchema });

/** The 409 of a slot just taken: the error, and the nearest free times instead. */
export const slotTakenBodySchema = z.object({
  error: apiErrorSchema,
  alternatives: z.optional(z.array(slotViewSchema)),
});

export type SlotTakenBody = z.infer<typeof slotTakenBodySchema>;

/**
 * The nearest free times a 409 offers: beside the error today, or in `details.alternatives` where the
 * booking use-case builds the conflict itself. Undefined when the conflict offers none (not a taken slot).
 */
export function slotAlternatives(body: SlotTakenBody | null): SlotViewBody[] | undefined {
  if (!body) return undefined;
  if (body.alternatives) return body.alternatives;
  const inDetails = z.array(slotViewSchema).safeParse(body.error.details?.alternatives);
  return inDetails.success ? inDetails.data : undefined;
}

export type SlotsQuery = zc.input<typeof slotQuerySchema>;

/** A slot held for the patient while they review it; null where the clinic's EHR offers no holds. */
export const holdResponseSchema = z.object({
  hold: z.nullable(z.object({ id: z.string(), slotId: z.string(), expiresAt: z.string() })),
});
export type HoldBody = z.infer<typeof holdResponseSchema>;

export const bookingApi = {
  /** `GET /api/{tenant}/slots`: free slots for the search, a page at a time (`cursor`). */
  slots: defineEndpoint<{ query: SlotsQuery }>()({
    method: 'GET',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/slots`,
    response: slotPageSchema,
  }),
  /** `GET /api/{tenant}/clinician-times`: free times grouped by day and clinician, with counts per day. */
  clinicianTimes: defineEndpoint<{ query: ClinicianTimesQueryBody }>()({
    method: 'GET',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/clinician-times`,
    response: clinicianTimesPageSchema,
  }),
  /** `POST /api/{tenant}/appointments` with an `Idempotency-Key` header: 201, or 409 with alternatives. */
  book: defineEndpoint<{ body: zc.input<typeof bookBodySchema> }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/appointments`,
    response: appointmentBodySchema,
    error: slotTakenBodySchema,
  }),
  /** `POST /api/{tenant}/holds`: holds the slot during the review; 409 with alternatives when taken. */
  hold: defineEndpoint<{ body: zc.input<typeof holdBodySchema> }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/holds`,
    response: holdResponseSchema,
    error: slotTakenBodySchema,
  }),
  /** `DELETE /api/{tenant}/holds/{id}`: releases the hold (the slot is free again at once). */
  releaseHold: defineEndpoint<{ body: zc.input<typeof releaseHoldBodySchema> }>()({
    method: 'DELETE',
    path: ({ tenant, id }: { tenant: string; id: string }) => `/api/${segment(tenant)}/holds/${segment(id)}`,
    response: z.object({ released: z.literal(true) }),
  }),
  /** `PUT /api/{tenant}/appointments/{id}`: moves the appointment to another slot. */
  reschedule: defineEndpoint<{ body: zc.input<typeof rescheduleBodySchema> }>()({
    method: 'PUT',
    path: ({ tenant, id }: { tenant: string; id: string }) => `/api/${segment(tenant)}/appointments/${segment(id)}`,
    response: appointmentBodySchema,
  }),
  /** `DELETE /api/{tenant}/appointments/{id}`: cancels, with an optional reason. */
  cancel: defineEndpoint<{ body: zc.input<typeof cancelBodySchema> }>()({
    method: 'DELETE',
    path: ({ tenant, id }: { tenant: string; id: string }) => `/api/${segment(tenant)}/appointments/${segment(id)}`,
    response: appointmentBodySchema,
  }),
  /** `GET /api/{tenant}/appointments/{id}/ics`: the appointment as an iCalendar file. */
  ics: defineEndpoint()({
    method: 'GET',
    path: ({ tenant, id }: { tenant: string; id: string }) => `/api/${segment(tenant)}/appointments/${segment(id)}/ics`,
    format: 'text',
    response: z.string(),
  }),
} as const;
