/** The waitlist endpoints: join (an earlier time, or a service and range), leave, and the offer link's view and tap. */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import { defineEndpoint, segment } from './endpoint';
import type { joinWaitlistBodySchema, offerBodySchema } from './waitlist.input';

export const offerViewSchema = z.object({
  status: z.enum(['open', 'accepted', 'gone', 'expired']),
  when: z.string(),
  moving: z.boolean(),
});
export type OfferViewBody = z.infer<typeof offerViewSchema>;

export const offerTakenSchema = z.object({ appointmentId: z.string(), start: z.string() });

export const waitlistApi = {
  /** `POST /api/{tenant}/waitlist`: 201 with the entry, 400 when the clinic has none or the rules refuse. */
  join: defineEndpoint<{ body: zc.input<typeof joinWaitlistBodySchema> }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/waitlist`,
    response: z.object({ entryId: z.string() }),
  }),
  /** `DELETE /api/{tenant}/waitlist/{id}`: leaves the waitlist (204; 404 for an entry not this account's). */
  leave: defineEndpoint()({
    method: 'DELETE',
    path: ({ tenant, id }: { tenant: string; id: string }) => `/api/${segment(tenant)}/waitlist/${segment(id)}`,
    format: 'none',
    response: z.null(),
  }),
  /** `POST /api/{tenant}/waitlist/offer` with `action: view`: the offered time and whether it is still open. */
  viewOffer: defineEndpoint<{ body: zc.input<typeof offerBodySchema> & { action: 'view' } }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/waitlist/offer`,
    response: offerViewSchema,
  }),
  /** `POST /api/{tenant}/waitlist/offer` with `action: accept`: 409 when taken or used, 400 when expired. */
  acceptOffer: defineEndpoint<{ body: zc.input<typeof offerBodySchema> & { action: 'accept' } }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/waitlist/offer`,
    response: offerTakenSchema,
  }),
} as const;
