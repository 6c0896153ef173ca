/**
 * What a patient types about their insurance, validated the same way by the API, the insurance page
 * and registration. Member ids and group numbers are letters, digits and hyphens (what every payer
 * issues, and what an X12 270 can carry without escaping).
 */
import { z } from 'zod';

export const MEMBER_ID_PATTERN = /^[A-Za-z0-9-]{2,30}$/;
export const GROUP_NUMBER_PATTERN = /^[A-Za-z0-9-]{1,30}$/;

export const SUBSCRIBER_RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;
export type SubscriberRelationship = (typeof SUBSCRIBER_RELATIONSHIPS)[number];

export const coverageFormSchema = z.object({
  /** Whose coverage: the signed-in patient (unset) or one of their dependents (EHR patient id). */
  patientId: z.string().trim().min(1).max(64).optional(),
  /** The clinic's payer id (insuranceSettings.payers[].payerId). */
  payerId: z.string().trim().min(1, 'field.payerRequired').max(30),
  memberId: z.string().trim().min(1, 'field.memberIdRequired').regex(MEMBER_ID_PATTERN, 'field.memberIdFormat'),
  groupNumber: z
    .string()
    .trim()
    .max(30, 'field.groupNumberTooLong')
    .refine((value) => value === '' || GROUP_NUMBER_PATTERN.test(value), 'field.groupNumberFormat')
    .optional()
    .transform((value) => (value ? value : undefined)),
  relationship: z.enum(SUBSCRIBER_RELATIONSHIPS, 'field.relationshipOption'),
});
export type CoverageFormInput = z.input<typeof coverageFormSchema>;
export type CoverageForm = z.output<typeof coverageFormSchema>;
