/** The check-in endpoints (phone, lobby poster) and the front desk's (board, live feed, actions, settings). */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import { appointmentStatusSchema } from './booking';
import type {
  checkInSettingsBodySchema,
  deskActionBodySchema,
  deskEventsQuerySchema,
  lobbyCheckInBodySchema,
  positionInputSchema,
} from './checkin.input';
import { defineEndpoint, segment } from './endpoint';

export const checkInResultSchema = z.object({
  outcome: z.enum(['checked_in', 'already_checked_in']),
  appointmentId: z.string(),
  status: appointmentStatusSchema,
  patientName: z.string(),
  message: z.string(),
});

export const lobbyCheckInResultSchema = z.object({
  locationName: z.string(),
  results: z.array(checkInResultSchema),
});

const numberSetting = z.number();
export const checkInSettingsSchema = z.object({
  radiusMeters: numberSetting,
  accuracyCapMeters: numberSetting,
  windowBeforeMinutes: numberSetting,
  windowAfterMinutes: numberSetting,
  locations: z.optional(
    z.record(
      z.string(),
      z.object({
        radiusMeters: z.optional(numberSetting),
        accuracyCapMeters: z.optional(numberSetting),
        windowBeforeMinutes: z.optional(numberSetting),
        windowAfterMinutes: z.optional(numberSetting),
        timeZone: z.optional(z.string()),
      }),
    ),
  ),
});

export const deskActionResultSchema = z.object({
  appointmentId: z.string(),
  status: appointmentStatusSchema,
  changed: z.boolean(),
  message: z.string(),
});

const checkInMethodSchema = z.enum(['geofence', 'qr', 'desk']);

export const deskBoardRowSchema = z.object({
  appointmentId: z.string(),
  locationId: z.string(),
  start: z.string(),
  end: z.string(),
  timeLabel: z.string(),
  patientName: z.string(),
  mrn: z.nullable(z.string()),
  age: z.nullable(z.number()),
  phone: z.nullable(z.string()),
  visitType: z.nullable(z.object({ code: z.string(), display: z.string() })),
  practitionerName: z.nullable(z.string()),
  visitReason: z.optional(z.nullable(z.string())),
  status: appointmentStatusSchema,
  checkIn: z.nullable(z.object({ method: checkInMethodSchema, at: z.string() })),
  eligibility: z.optional(z.nullable(z.enum(['active', 'inactive', 'unknown']))),
  confirmed: z.optional(z.boolean()),
});

export const deskBoardSchema = z.object({
  date: z.string(),
  timeZone: z.string(),
  lastEventId: z.string(),
  locations: z.array(z.object({ id: z.string(), name: z.string(), rows: z.array(deskBoardRowSchema) })),
});

/** The data of one `desk` event on the live feed. */
export const liveDeskEventSchema = z.object({
  id: z.string(),
  locationId: z.string(),
  appointmentId: z.string(),
  status: z.enum(['arrived', 'checked-in', 'noshow', 'booked', 'cancelled', 'moved']),
  method: z.nullable(checkInMethodSchema),
  createdAt: z.string(),
});

export const checkinApi = {
  /** `POST /api/{tenant}/appointments/{id}/check-in`: "I'm here", with the phone's position. */
  checkIn: defineEndpoint<{ body: zc.input<typeof positionInputSchema> }>()({
    method: 'POST',
    path: ({ tenant, id }: { tenant: string; id: string }) =>
      `/api/${segment(tenant)}/appointments/${segment(id)}/check-in`,
    response: checkInResultSchema,
  }),
  /** `POST /api/{tenant}/checkin/lobby`: the lobby poster's signed link in the body. */
  lobby: defineEndpoint<{ body: zc.input<typeof lobbyCheckInBodySchema> }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/checkin/lobby`,
    response: lobbyCheckInResultSchema,
  }),
  /** `PUT /api/{tenant}/checkin/settings` (administrators): the clinic's check-in rules. */
  settings: defineEndpoint<{ body: zc.input<typeof checkInSettingsBodySchema> }>()({
    method: 'PUT',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/checkin/settings`,
    response: z.object({ settings: checkInSettingsSchema }),
  }),
  /** `POST /api/{tenant}/checkin/posters/{locationId}/rotate` (administrators): voids printed posters. */
  rotatePoster: defineEndpoint()({
    method: 'POST',
    path: ({ tenant, locationId }: { tenant: string; locationId: string }) =>
      `/api/${segment(tenant)}/checkin/posters/${segment(locationId)}/rotate`,
    response: z.object({ rotated: z.literal(true) }),
  }),
  /** `POST /api/{tenant}/desk/appointments/{id}`: the front desk's arrive, check-in or no-show. */
  deskAction: defineEndpoint<{ body: zc.input<typeof deskActionBodySchema> }>()({
    method: 'POST',
    path: ({ tenant, id }: { tenant: string; id: string }) =>
      `/api/${segment(tenant)}/desk/appointments/${segment(id)}`,
    response: deskActionResultSchema,
  }),
  /** `GET /api/{tenant}/desk/board`: today's appointments at the clerk's locations. */
  deskBoard: defineEndpoint()({
    method: 'GET',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/desk/board`,
    response: deskBoardSchema,
  }),
  /** `GET /api/{tenant}/desk/events`: server-sent `desk` events, resuming after `Last-Event-ID` or `after`. */
  deskEvents: defineEndpoint<{ query: zc.input<typeof deskEventsQuerySchema> }>()({
    method: 'GET',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/desk/events`,
    format: 'event-stream',
    response: liveDeskEventSchema,
  }),
} as const;
