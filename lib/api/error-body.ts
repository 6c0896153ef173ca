/**
 * The body of every failed API answer (`lib/http/route.ts` writes it): a stable `code`, an optional
 * `reason` key with its `params`, a `message` already in the user's language (the one thing a page
 * shows), optional `details` (per field, or what a check-in refusal needs) and the request id.
 * Client-safe: zod/mini only, so pages that parse it stay light.
 */
import * as z from 'zod/mini';

export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  reason: z.optional(z.string()),
  params: z.optional(z.record(z.string(), z.unknown())),
  details: z.optional(z.record(z.string(), z.unknown())),
  requestId: z.string(),
});

export const apiErrorBodySchema = z.object({ error: apiErrorSchema });

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
