/** Request bodies of the waitlist endpoints (zod, parsed at the edge). */
import { z } from 'zod';

const id = z.string().trim().min(1).max(64);

/** `POST /api/{clinic}/waitlist`: join for a service and range, or for an earlier time than a booked visit. */
export const joinWaitlistBodySchema = z.object({
  forPatient: id,
  serviceCode: id.optional(),
  practitionerId: id.optional(),
  locationIds: z.array(id).max(20).optional(),
  earliest: z.iso.datetime({ offset: true }).optional(),
  latest: z.iso.datetime({ offset: true }).optional(),
  appointmentId: id.optional(),
});

/** `POST /api/{clinic}/waitlist/offer`: what an offer link shows, or taking it (the token is the credential). */
export const offerBodySchema = z.object({
  token: z.string().trim().min(8).max(128),
  action: z.enum(['view', 'accept']),
});
