/** The insurance endpoints: a patient saves their coverage; the front desk checks eligibility now. */
import type { z as zc } from 'zod';
import * as z from 'zod/mini';
import { defineEndpoint, segment, type FormInput } from './endpoint';
import type { coverageFormSchema, deskEligibilityBodySchema } from './insurance.input';

const relationshipSchema = z.enum(['self', 'spouse', 'child', 'other']);

/** The last eligibility result as pages, the board and the API see it. */
export const eligibilitySummarySchema = z.object({
  checkId: z.string(),
  patientId: z.string(),
  coverageId: z.string(),
  appointmentId: z.string(),
  status: z.enum(['active', 'inactive', 'unknown']),
  reason: z.nullable(z.enum(['timeout', 'unavailable', 'malformed', 'rejected', 'not_configured', 'no_coverage'])),
  payerMessage: z.nullable(z.string()),
  payerNotices: z.array(
    z.union([
      z.object({ kind: z.literal('rejected'), rejectReason: z.string() }),
      z.object({ kind: z.literal('cannot_process') }),
      z.object({ kind: z.literal('request_refused') }),
    ]),
  ),
  planName: z.nullable(z.string()),
  copay: z.nullable(z.string()),
  checkedAt: z.string(),
  attempts: z.number(),
  nextRetryAt: z.nullable(z.string()),
});

export const savedCoverageSchema = z.object({
  coverage: z.object({
    id: z.string(),
    payerName: z.nullable(z.string()),
    memberId: z.nullable(z.string()),
    groupNumber: z.nullable(z.string()),
    relationship: z.nullable(relationshipSchema),
  }),
  /** null when the clinic does not check eligibility. */
  eligibility: z.nullable(eligibilitySummarySchema),
});

export const insuranceApi = {
  /** `POST /api/{tenant}/insurance`: saves the patient's (or a dependent's) coverage, then checks it. */
  saveCoverage: defineEndpoint<{ body: FormInput<zc.input<typeof coverageFormSchema>> }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/insurance`,
    response: savedCoverageSchema,
  }),
  /** `POST /api/{tenant}/desk/eligibility` (staff): checks one appointment's eligibility now. */
  deskEligibility: defineEndpoint<{ body: zc.input<typeof deskEligibilityBodySchema> }>()({
    method: 'POST',
    path: ({ tenant }: { tenant: string }) => `/api/${segment(tenant)}/desk/eligibility`,
    response: z.object({ eligibility: z.nullable(eligibilitySummarySchema) }),
  }),
} as const;
