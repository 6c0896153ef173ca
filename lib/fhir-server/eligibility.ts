/**
 * The sandbox as a payer: creating a CoverageEligibilityRequest adjudicates it at once and stores the
 * CoverageEligibilityResponse (its `request` points back), in the same transaction, as a synchronous
 * payer endpoint would. Clients read the answer with `GET CoverageEligibilityResponse?request=...`.
 *
 * Deterministic rules on the member id (Coverage.subscriberId of the coverage the request names,
 * contained or stored in this partition), so demos and tests see every case:
 *  - starts with `INA`: coverage not in force (`inforce: false`, disposition "Coverage terminated").
 *  - starts with `ERR`: outcome `error` with error "Subscriber not found" (as a payer rejecting the
 *    member id; an X12 clearinghouse would send AAA*N**75).
 *  - starts with `DWN`: the payer is down: HTTP 503 OperationOutcome, nothing stored.
 *  - anything else: in force, plan "<payer name> PPO" (item name), office-visit copay $25.00
 *    (`benefit.type` copay, `allowedMoney`).
 */
import type { Coverage, CoverageEligibilityRequest, CoverageEligibilityResponse, Organization } from 'fhir/r4';
import type { Queryable } from './db';
import { badRequest, FhirError } from './outcome';
import { readResource } from './store';
import type { JsonObject } from './values';

export const ELIGIBILITY_RULES =
  'Creating a CoverageEligibilityRequest adjudicates it synchronously and stores a CoverageEligibilityResponse ' +
  '(search it with request=CoverageEligibilityRequest/{id}). ' +
  'Rules on the coverage member id (subscriberId): INA... not in force; ' +
  'ERR... outcome error "Subscriber not found"; DWN... HTTP 503 (payer down, nothing stored); ' +
  'otherwise in force, plan "<payer> PPO", copay 25.00 USD.';

async function coverageOf(
  client: Queryable,
  partition: string,
  request: CoverageEligibilityRequest,
): Promise<Coverage | null> {
  const reference =
    request.insurance?.find((entry) => entry.focal !== false)?.coverage.reference ??
    request.insurance?.[0]?.coverage.reference;
  if (!reference) return null;
  if (reference.startsWith('#')) {
    const contained = request.contained?.find((resource) => resource.id === reference.slice(1));
    return contained?.resourceType === 'Coverage' ? (contained as Coverage) : null;
  }
  const [type, id] = reference.split('/');
  if (type !== 'Coverage' || !id) return null;
  const stored = await readResource(client, partition, 'Coverage', id);
  return stored?.content && !stored.deleted ? (stored.content as unknown as Coverage) : null;
}

async function payerName(client: Queryable, partition: string, request: CoverageEligibilityRequest): Promise<string> {
  const [type, id] = (request.insurer.reference ?? '').split('/');
  if (type === 'Organization' && id) {
    const stored = await readResource(client, partition, 'Organization', id);
    const name = (stored?.content as Organization | undefined)?.name;
    if (name) return name;
  }
  return request.insurer.display ?? 'Health plan';
}

/** Refuses up front (before anything is stored) what a payer would refuse, e.g. DWN... (payer down). */
export async function precheckEligibilityRequest(
  client: Queryable,
  partition: string,
  body: JsonObject,
): Promise<void> {
  const coverage = await coverageOf(client, partition, body as unknown as CoverageEligibilityRequest);
  if (!coverage)
    throw badRequest(
      'The request must name a coverage in insurance[].coverage (contained, or a Coverage on this server).',
      ['CoverageEligibilityRequest.insurance.coverage'],
    );
  if ((coverage.subscriberId ?? '').toUpperCase().startsWith('DWN'))
    throw new FhirError(503, 'transient', 'The payer system is not available. Try again later.');
}

/** The response the payer gives to a stored request (with its server-assigned id). */
export async function adjudicateEligibility(
  client: Queryable,
  partition: string,
  stored: JsonObject,
): Promise<JsonObject> {
  const request = stored as unknown as CoverageEligibilityRequest;
  const coverage = await coverageOf(client, partition, request);
  const memberId = (coverage?.subscriberId ?? '').toUpperCase();
  const base: CoverageEligibilityResponse = {
    resourceType: 'CoverageEligibilityResponse',
    status: 'active',
    purpose: request.purpose,
    patient: request.patient.reference?.startsWith('#') ? { display: 'Patient of the request' } : request.patient,
    created: new Date().toISOString(),
    request: { reference: `CoverageEligibilityRequest/${request.id ?? ''}` },
    insurer: request.insurer,
    outcome: 'complete',
  };
  if (memberId.startsWith('ERR')) {
    return {
      ...base,
      outcome: 'error',
      disposition: 'Subscriber not found',
      error: [
        {
          code: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication-error', code: 'a001' }],
            text: 'Subscriber not found',
          },
        },
      ],
    } as unknown as JsonObject;
  }
  const coverageReference = { display: `Coverage ${coverage?.subscriberId ?? ''}`.trim() };
  if (memberId.startsWith('INA')) {
    return {
      ...base,
      disposition: 'Coverage terminated',
      insurance: [{ coverage: coverageReference, inforce: false }],
    } as unknown as JsonObject;
  }
  const plan = `${await payerName(client, partition, request)} PPO`;
  return {
    ...base,
    disposition: 'Policy currently active',
    insurance: [
      {
        coverage: coverageReference,
        inforce: true,
        item: [
          {
            category: {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/ex-benefitcategory',
                  code: '30',
                  display: 'Health Benefit Plan Coverage',
                },
              ],
            },
            name: plan,
            network: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-network', code: 'in' }] },
            benefit: [
              {
                type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-type', code: 'copay' }] },
                allowedMoney: { value: 25, currency: 'USD' },
              },
            ],
          },
        ],
      },
    ],
  } as unknown as JsonObject;
}
