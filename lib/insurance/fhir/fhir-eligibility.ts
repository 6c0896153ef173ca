/**
 * Eligibility through a FHIR R4 endpoint: POST a CoverageEligibilityRequest (purpose `validation` +
 * `benefits`, the patient and the coverage as contained resources, so the payer needs no prior copy of
 * either) and read the CoverageEligibilityResponse that answers it (search `request=`), as described in
 * https://hl7.org/fhir/R4/coverageeligibilityrequest.html. Reuses the scheduling adapter's transport
 * (timeouts, request id, SMART auth, circuit breaker).
 */
import type { Bundle, Coverage, CoverageEligibilityRequest, CoverageEligibilityResponse, Patient } from 'fhir/r4';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import { TokenSource } from '@/lib/scheduling/fhir/auth';
import { EndpointResilience } from '@/lib/scheduling/fhir/resilience';
import { FhirTransport } from '@/lib/scheduling/fhir/transport';
import type { EligibilityAdapterSettings } from '@/lib/tenancy/tenant-settings';
import {
  formatAmount,
  unknownResult,
  type EligibilityProvider,
  type EligibilityQuery,
  type EligibilityResult,
} from '../eligibility-provider';

const SUBSCRIBER_RELATIONSHIP = 'http://terminology.hl7.org/CodeSystem/subscriber-relationship';
const COVERAGE_CLASS = 'http://terminology.hl7.org/CodeSystem/coverage-class';
const REQUEST_IDENTIFIER_SYSTEM = 'urn:fhir-scheduling:eligibility-trace';

/** The request the adapter sends (exported for tests and the sandbox contract test). */
export function buildEligibilityRequest(
  query: EligibilityQuery,
  providerOrganizationId?: string,
): CoverageEligibilityRequest {
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'patient',
    name: [{ given: [query.patient.given], family: query.patient.family }],
    ...(query.patient.birthDate ? { birthDate: query.patient.birthDate } : {}),
    ...(query.patient.gender ? { gender: query.patient.gender } : {}),
  };
  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'coverage',
    status: 'active',
    beneficiary: { reference: '#patient' },
    payor: [
      {
        reference: `Organization/${query.payer.ehrPayerId}`,
        display: query.payer.name,
        identifier: { system: 'urn:x12:payer-id', value: query.payer.payerId },
      },
    ],
    subscriberId: query.memberId,
    relationship: { coding: [{ system: SUBSCRIBER_RELATIONSHIP, code: query.relationship }] },
    ...(query.groupNumber
      ? { class: [{ type: { coding: [{ system: COVERAGE_CLASS, code: 'group' }] }, value: query.groupNumber }] }
      : {}),
  };
  return {
    resourceType: 'CoverageEligibilityRequest',
    contained: [patient, coverage],
    identifier: [{ system: REQUEST_IDENTIFIER_SYSTEM, value: query.traceId }],
    status: 'active',
    purpose: ['validation', 'benefits'],
    patient: { reference: '#patient' },
    servicedDate: query.serviceDate,
    created: new Date().toISOString(),
    insurer: { reference: `Organization/${query.payer.ehrPayerId}`, display: query.payer.name },
    ...(providerOrganizationId ? { provider: { reference: `Organization/${providerOrganizationId}` } } : {}),
    insurance: [{ focal: true, coverage: { reference: '#coverage' } }],
  };
}

/** What a CoverageEligibilityResponse says, in the app's words. */
export function interpretEligibilityResponse(response: CoverageEligibilityResponse | undefined): EligibilityResult {
  if (!response || response.resourceType !== 'CoverageEligibilityResponse') return unknownResult('malformed');
  const errors = (response.error ?? [])
    .map((error) => error.code.text ?? error.code.coding?.[0]?.display ?? error.code.coding?.[0]?.code)
    .filter((text): text is string => Boolean(text));
  if (response.outcome === 'error' || errors.length > 0)
    return unknownResult('rejected', { payerMessage: errors.join('; ') || response.disposition || null });
  const insurance = response.insurance?.[0];
  if (response.outcome !== 'complete' && response.outcome !== 'partial')
    return unknownResult('malformed', { payerMessage: response.disposition ?? null });
  if (!insurance || insurance.inforce === undefined)
    return unknownResult('malformed', { payerMessage: response.disposition ?? null });
  if (!insurance.inforce)
    return {
      status: 'inactive',
      reason: null,
      payerMessage: response.disposition ?? null,
      payerNotices: [],
      planName: null,
      copay: null,
    };
  const items = insurance.item ?? [];
  const planName = items.find((item) => item.name)?.name ?? null;
  const copayBenefit = items
    .flatMap((item) => item.benefit ?? [])
    .find((benefit) => benefit.type.coding?.some((coding) => coding.code === 'copay'));
  return {
    status: 'active',
    reason: null,
    payerMessage: response.disposition ?? null,
    payerNotices: [],
    planName,
    copay: formatAmount(copayBenefit?.allowedMoney?.value ?? null),
  };
}

export class FhirEligibilityProvider implements EligibilityProvider {
  readonly kind = 'fhir' as const;
  private readonly transport: FhirTransport;

  constructor(
    private readonly settings: Extract<EligibilityAdapterSettings, { kind: 'fhir' }>,
    timeoutMs: number,
  ) {
    // No retries: a payer that fails is retried later by the eligibility schedule, not inside a request.
    this.transport = new FhirTransport({
      baseUrl: settings.baseUrl,
      tokens: new TokenSource(settings.auth, timeoutMs, { fhirBaseUrl: settings.baseUrl }),
      resilience: new EndpointResilience({ callTimeoutMs: timeoutMs, attemptTimeoutMs: timeoutMs, maxRetries: 0 }),
    });
  }

  async check(query: EligibilityQuery): Promise<EligibilityResult> {
    try {
      const created = await this.transport.create(buildEligibilityRequest(query, this.settings.providerOrganizationId));
      const requestId = created.body.id;
      if (!requestId) return unknownResult('malformed');
      const bundle: Bundle = await this.transport.search(
        `CoverageEligibilityResponse?request=${encodeURIComponent(`CoverageEligibilityRequest/${requestId}`)}`,
      );
      const response = bundle.entry
        ?.map((entry) => entry.resource)
        .find(
          (resource): resource is CoverageEligibilityResponse =>
            resource?.resourceType === 'CoverageEligibilityResponse',
        );
      return interpretEligibilityResponse(response);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const causeName =
        typeof error.cause === 'object' && error.cause !== null && 'name' in error.cause
          ? String(error.cause.name)
          : '';
      const timedOut = causeName === 'TimeoutError' || causeName === 'AbortError';
      log().warn({ code: error.code, timedOut }, 'FHIR eligibility check failed');
      if (timedOut) return unknownResult('timeout');
      if (error.code === 'invalid_input')
        return unknownResult('rejected', { payerNotices: [{ kind: 'request_refused' }] });
      return unknownResult('unavailable');
    }
  }
}
