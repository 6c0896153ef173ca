/**
 * A guardian adds someone in their care: a new patient record in the EHR with its own MRN, linked to
 * the guardian (RelatedPerson + Patient.link). Minors only, unless the clinic allows adult dependents.
 * Audited.
 */
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { ageOn } from '@/lib/time/age';
import { localDate } from '@/lib/time/zoned';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Dependent } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';

export const newDependentSchema = z.object({
  given: z.string().trim().min(1, 'Enter their first name.').max(60),
  family: z.string().trim().min(1, 'Enter their last name.').max(60),
  birthDate: z.iso.date('Enter their date of birth as YYYY-MM-DD.'),
  gender: z.enum(['female', 'male', 'other', 'unknown']),
  relationship: z.enum(['mother', 'father', 'guardian', 'parent']),
});
export type NewDependentInput = z.infer<typeof newDependentSchema>;

export async function addDependent(
  deps: { database: Database; provider: SchedulingProvider },
  input: {
    tenant: Tenant;
    accountId: string;
    guardianPatientId: string;
    dependent: NewDependentInput;
    origin: RequestOrigin;
    now?: Date;
  },
): Promise<Dependent> {
  const today = localDate(input.now ?? new Date(), input.tenant.timeZone);
  const { birthDate } = input.dependent;
  if (birthDate > today || birthDate < '1900-01-01')
    throw new AppError('invalid_input', 'registration.birthDateImpossible', {
      details: { birthDate: { reason: 'field.birthDateImpossible' } },
    });
  if (
    ageOn(birthDate, today) >= input.tenant.bookingRules.adultAge &&
    !input.tenant.bookingRules.allowAdultDependents
  ) {
    throw new AppError('invalid_input', 'people.childrenOnly', { details: { birthDate: 'adult' } });
  }
  const guardian = await deps.provider.getPatient(input.guardianPatientId);
  const duplicate = (await deps.provider.listDependents(guardian)).find(
    (existing) =>
      existing.patient.birthDate === birthDate &&
      existing.patient.name.given.toLowerCase() === input.dependent.given.toLowerCase(),
  );
  if (duplicate)
    throw new AppError('conflict', 'people.alreadyLinked', { params: { name: duplicate.patient.name.display } });
  const dependent = await deps.provider.addDependent(
    guardian,
    { given: input.dependent.given, family: input.dependent.family, birthDate, gender: input.dependent.gender },
    input.dependent.relationship,
  );
  await recordAudit(deps.database, {
    tenantId: input.tenant.id,
    actor: { type: 'patient', id: input.accountId },
    action: 'dependent.add',
    outcome: 'success',
    patientId: dependent.patient.id,
    origin: input.origin,
    detail: { guardianPatientId: guardian.id, relationship: dependent.relationship },
  });
  return dependent;
}
