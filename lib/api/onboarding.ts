/** The onboarding endpoints: the check of a clinic's EHR (administrators). */
import * as z from 'zod/mini';
import { defineEndpoint, segment } from './endpoint';

/** A check's words as codes with values (lib/scheduling/connection-check.ts), worded by the page that shows them. */
const checkTextSchema = z.object({
  code: z.string(),
  params: z.optional(z.record(z.string(), z.unknown())),
});

export const ehrCheckReportSchema = z.object({
  checkedAt: z.string(),
  bookingAllowed: z.boolean(),
  items: z.array(
    z.object({
      key: z.string(),
      title: checkTextSchema,
      status: z.enum(['ok', 'missing', 'wrong', 'skipped']),
      required: z.boolean(),
      detail: z.array(checkTextSchema),
    }),
  ),
});

export const onboardingApi = {
  /** `POST /api/{tenant}/ehr-check` (administrators): runs the EHR check now and stores its report. */
  runEhrCheck: defineEndpoint()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/ehr-check`,
    response: ehrCheckReportSchema,
  }),
} as const;
