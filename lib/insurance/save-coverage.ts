/**
 * A patient (or a guardian, for a dependent they are linked to) records their insurance: stored as a
 * Coverage in the EHR through the provider (updating the coverage on file for the same payer, so that
 * re-entering a card never leaves two active coverages), then checked with the payer at once. For a dependent the
 * guardian is the subscriber. Bad input (a payer not on the clinic's list, an illegal member id, "self"
 * for a dependent) is refused before anything is written. The eligibility check never fails the save.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import { resolveActingFor } from '@/lib/booking/acting-for';
import { AppError, fieldProblems } from '@/lib/errors';
import type { CoverageSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { checkEligibility } from './check-eligibility';
import { coverageFormSchema, type CoverageFormInput } from './coverage-input';
import type { InsuranceDeps } from './insurance-deps';
import type { EligibilitySummary } from './eligibility-summary';

export interface SaveCoverageResult {
  coverage: CoverageSummary;
  /** null when the clinic does not check eligibility. */
  eligibility: EligibilitySummary | null;
}

export async function saveCoverage(
  deps: InsuranceDeps,
  input: {
    tenant: Tenant;
    accountId: string;
    accountPatientId: string;
    coverage: CoverageFormInput;
    origin: RequestOrigin;
  },
): Promise<SaveCoverageResult> {
  const parsed = coverageFormSchema.safeParse(input.coverage);
  if (!parsed.success) {
    throw new AppError('invalid_input', 'request.invalidFields', {
      details: fieldProblems(parsed.error.issues, input.coverage, 'coverage'),
    });
  }
  const form = parsed.data;
  const payer = input.tenant.insuranceSettings.payers.find(
    (entry) => entry.payerId.toLowerCase() === form.payerId.toLowerCase(),
  );
  if (!payer)
    throw new AppError('invalid_input', 'insurance.payerNotListed', {
      details: { payerId: { reason: 'field.payerNotListed' } },
    });

  const acting = await resolveActingFor(deps.provider, input.accountPatientId, form.patientId);
  const forDependent = acting.subject.id !== acting.account.id;
  if (forDependent && form.relationship === 'self') {
    throw new AppError('invalid_input', 'insurance.dependentNotSelf', {
      details: { relationship: { reason: 'field.notSelfForDependent' } },
    });
  }

  const actor = { type: 'patient', id: input.accountId } as const;
  let coverage: CoverageSummary;
  try {
    // New details for a plan already on file update that coverage; another payer is another coverage.
    const onFile = (await deps.provider.listCoverage(acting.subject.id)).find(
      (existing) => existing.status === 'active' && existing.payerId === payer.ehrPayerId,
    );
    coverage = await deps.provider.saveCoverage({
      ...(onFile ? { replaces: { id: onFile.id, version: onFile.version } } : {}),
      patientId: acting.subject.id,
      payerId: payer.ehrPayerId,
      memberId: form.memberId.toUpperCase(),
      groupNumber: form.groupNumber?.toUpperCase(),
      relationship: form.relationship,
      ...(forDependent ? { subscriberPatientId: acting.account.id } : {}),
    });
  } catch (error) {
    await recordAudit(deps.database, {
      tenantId: input.tenant.id,
      actor,
      action: 'coverage.write',
      outcome: 'failure',
      patientId: acting.subject.id,
      origin: input.origin,
      detail: { payerId: payer.payerId, reason: error instanceof AppError ? error.code : 'error' },
    });
    throw error;
  }
  await recordAudit(deps.database, {
    tenantId: input.tenant.id,
    actor,
    action: 'coverage.write',
    outcome: 'success',
    patientId: acting.subject.id,
    origin: input.origin,
    detail: { coverageId: coverage.id, payerId: payer.payerId, forDependent },
  });
  const withPayer: CoverageSummary = { ...coverage, payerName: coverage.payerName ?? payer.name };
  const eligibility = await checkEligibility(deps, {
    tenant: input.tenant,
    patientId: acting.subject.id,
    coverage: withPayer,
    actor,
    origin: input.origin,
  });
  return { coverage: withPayer, eligibility };
}
