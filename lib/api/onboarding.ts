/** The onboarding endpoints: the check of a clinic's EHR (administrators). */
import * as z from 'zod/mini';
import { defineEndpoint, segment } from './endpoint';

export const ehrCheckReportSchema = z.object({
  checkedAt: z.string(),
  bookingAllowed: z.boolean(),
  items: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      status: z.enum(['ok', 'missing', 'wrong', 'skipped']),
      required: z.boolean(),
      detail: z.string(),
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
