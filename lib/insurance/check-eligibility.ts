/**
 * Checks one coverage with the clinic's payer connection and records the result summary (one row per
 * coverage and appointment, overwritten each time). Never throws for the payer's or the EHR's
 * failures: the result is then `unknown` with its reason, and a retry is planned (retry-policy.ts),
 * so nothing that calls this (saving coverage, booking, the nightly job, the front desk) is blocked.
 * Every check is audited (the coverage is read and sent to the payer).
 */
import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditActor, type RequestOrigin } from '@/lib/audit/record-audit';
import { localDate } from '@/lib/time/zoned';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import type { CoverageSummary, PatientSummary } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';
import {
  unknownResult,
  type EligibilityProvider,
  type EligibilityQuery,
  type EligibilityResult,
} from './eligibility-provider';
import type { InsuranceDeps } from './insurance-deps';
import { toEligibilitySummary, type EligibilitySummary } from './eligibility-summary';
import { nextRetryAt } from './retry-policy';
import { storedPayerNotice } from '@/lib/i18n/payer-notice';

export interface CheckEligibilityInput {
  tenant: Tenant;
  patientId: string;
  /** The coverage to check, when the caller has it; otherwise `coverageId`, or the patient's current coverage. */
  coverage?: CoverageSummary | undefined;
  coverageId?: string | undefined;
  /** The appointment the check is for ("" or unset: the coverage itself). */
  appointmentId?: string | undefined;
  /** Date of service YYYY-MM-DD; default: today in the clinic's time zone. */
  serviceDate?: string | undefined;
  actor: AuditActor;
  origin?: RequestOrigin | undefined;
  /** Set by the retry job: the attempts recorded so far. */
  retryOf?: { attempts: number } | undefined;
}

/** The coverage that counts: the given id, or the most recent active one. */
export function currentCoverage(coverages: CoverageSummary[], coverageId?: string): CoverageSummary | null {
  if (coverageId) return coverages.find((coverage) => coverage.id === coverageId) ?? null;
  return coverages.find((coverage) => coverage.status === 'active') ?? null;
}

function isEhrFailure(error: unknown): boolean {
  return error instanceof AppError && error.code === 'unavailable';
}

/** Returns null when there is nothing to check: the clinic checks no eligibility, or no coverage is on file. */
export async function checkEligibility(
  deps: InsuranceDeps,
  input: CheckEligibilityInput,
): Promise<EligibilitySummary | null> {
  if (!deps.eligibility) return null;
  const now = deps.now?.() ?? new Date();
  const appointmentId = input.appointmentId ?? '';
  let patient: PatientSummary | null = null;
  let coverage: CoverageSummary | null = input.coverage ?? null;
  let result: EligibilityResult;
  try {
    patient = await deps.provider.getPatient(input.patientId);
    coverage ??= currentCoverage(await deps.provider.listCoverage(input.patientId), input.coverageId);
    if (!coverage) return null;
    result = await askPayer(deps, deps.eligibility, input, patient, coverage, now);
  } catch (error) {
    // The EHR did not answer: record "unknown" for a coverage we know of, otherwise there is nothing to key it on.
    if (!isEhrFailure(error)) throw error;
    const coverageId = coverage?.id ?? input.coverageId;
    if (!coverageId) return null;
    coverage ??= {
      id: coverageId,
      version: '',
      status: 'active',
      payerId: null,
      payerName: null,
      memberId: null,
      groupNumber: null,
      relationship: null,
      subscriberPatientId: null,
      updatedAt: null,
    };
    result = unknownResult('unavailable');
  }

  const attempts = input.retryOf ? input.retryOf.attempts + 1 : 1;
  const retryAt = result.status === 'unknown' && result.reason ? nextRetryAt(result.reason, attempts, now) : null;
  const data = {
    patientId: input.patientId,
    status: result.status,
    reason: result.status === 'unknown' ? result.reason : null,
    payerMessage: result.payerMessage?.slice(0, 500) ?? null,
    payerNotices: result.payerNotices.slice(0, 10).map(storedPayerNotice),
    planName: result.planName?.slice(0, 200) ?? null,
    copay: result.copay,
    checkedAt: now,
    attempts,
    nextRetryAt: retryAt,
  };
  const row = await deps.database.eligibilityCheck.upsert({
    where: { tenantId_coverageId_appointmentId: { tenantId: input.tenant.id, coverageId: coverage.id, appointmentId } },
    create: { tenantId: input.tenant.id, coverageId: coverage.id, appointmentId, ...data },
    update: data,
  });
  await recordAudit(deps.database, {
    tenantId: input.tenant.id,
    actor: input.actor,
    action: 'coverage.eligibility_check',
    outcome: result.status === 'unknown' ? 'failure' : 'success',
    patientId: input.patientId,
    ...(input.origin ? { origin: input.origin } : {}),
    detail: {
      coverageId: coverage.id,
      appointmentId: appointmentId || null,
      status: result.status,
      reason: result.reason,
      adapter: deps.eligibility.kind,
      attempts,
    },
  });
  if (retryAt) {
    await deps
      .scheduleRetry({ checkId: row.id, attempts, at: retryAt })
      .catch((error: unknown) => log().error({ err: error }, 'could not plan the eligibility retry'));
  }
  return toEligibilitySummary(row);
}

async function askPayer(
  deps: InsuranceDeps,
  eligibility: EligibilityProvider,
  input: CheckEligibilityInput,
  patient: PatientSummary,
  coverage: CoverageSummary,
  now: Date,
): Promise<EligibilityResult> {
  const payer = input.tenant.insuranceSettings.payers.find((entry) => entry.ehrPayerId === coverage.payerId);
  // The reason says it all (worded per language): nothing was asked of a payer, so nothing it said.
  if (!payer) return unknownResult('not_configured');
  if (!coverage.memberId) return unknownResult('no_coverage');
  let subscriber: EligibilityQuery['subscriber'];
  if (coverage.subscriberPatientId && coverage.subscriberPatientId !== patient.id) {
    const person = await deps.provider.getPatient(coverage.subscriberPatientId).catch(() => null);
    if (person)
      subscriber = { id: person.id, given: person.name.given, family: person.name.family, birthDate: person.birthDate };
  }
  const query: EligibilityQuery = {
    payer,
    memberId: coverage.memberId,
    groupNumber: coverage.groupNumber,
    relationship: coverage.relationship ?? 'self',
    patient: {
      id: patient.id,
      given: patient.name.given,
      family: patient.name.family,
      birthDate: patient.birthDate,
      gender: patient.gender,
    },
    subscriber,
    coverageId: coverage.id,
    serviceDate: input.serviceDate ?? localDate(now, input.tenant.timeZone),
    traceId: randomUUID().replace(/-/g, '').slice(0, 30).toUpperCase(),
  };
  try {
    return await eligibility.check(query);
  } catch (error) {
    log().error({ err: error }, 'eligibility adapter failed unexpectedly');
    return unknownResult('unavailable');
  }
}
