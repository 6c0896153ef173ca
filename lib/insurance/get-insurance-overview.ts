/**
 * The insurance page: for the signed-in patient and each dependent they may act for, the current
 * coverage in the EHR and its last eligibility result. Every coverage read is audited.
 */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { CoverageSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import { currentCoverage } from './check-eligibility';
import { toEligibilitySummary, type EligibilitySummary } from './eligibility-summary';

export interface PersonInsurance {
  patientId: string;
  name: string;
  self: boolean;
  coverage: (CoverageSummary & { payerListId: string | null }) | null;
  eligibility: EligibilitySummary | null;
}

export async function getInsuranceOverview(
  deps: { database: Database; provider: SchedulingProvider },
  input: { tenant: Tenant; accountId: string; patientId: string; origin: RequestOrigin },
): Promise<PersonInsurance[]> {
  const account = await deps.provider.getPatient(input.patientId);
  const dependents = await deps.provider.listDependents(account);
  const people = [account, ...dependents.map((dependent) => dependent.patient)];
  const out: PersonInsurance[] = [];
  for (const person of people) {
    const coverage = currentCoverage(await deps.provider.listCoverage(person.id));
    await recordAudit(deps.database, {
      tenantId: input.tenant.id,
      actor: { type: 'patient', id: input.accountId },
      action: 'coverage.read',
      outcome: 'success',
      patientId: person.id,
      origin: input.origin,
      detail: { view: 'insurance', found: coverage !== null },
    });
    const check = coverage
      ? await deps.database.eligibilityCheck.findFirst({
          where: { tenantId: input.tenant.id, coverageId: coverage.id },
          orderBy: { checkedAt: 'desc' },
        })
      : null;
    const payer = coverage
      ? input.tenant.insuranceSettings.payers.find((entry) => entry.ehrPayerId === coverage.payerId)
      : undefined;
    out.push({
      patientId: person.id,
      name: person.name.display,
      self: person.id === account.id,
      coverage: coverage
        ? { ...coverage, payerName: payer?.name ?? coverage.payerName, payerListId: payer?.payerId ?? null }
        : null,
      eligibility: check ? toEligibilitySummary(check) : null,
    });
  }
  return out;
}
