/**
 * The FHIR eligibility adapter against the embedded sandbox over HTTP (SMART client credentials), and
 * the sandbox's side of the contract: it adjudicates CoverageEligibilityRequest by the documented
 * member-id rules, stores the response, refuses with 503 (storing nothing) when the "payer is down",
 * and says so in its CapabilityStatement.
 */
import type { Bundle, CapabilityStatement, CoverageEligibilityResponse } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { startTestFhirSandbox, type SandboxPartition, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import type { EligibilityQuery } from '../eligibility-provider';
import { buildEligibilityRequest, FhirEligibilityProvider } from './fhir-eligibility';

let sandbox: TestFhirSandbox;
let partition: SandboxPartition;
let fhir: ContractClient;
let adapter: FhirEligibilityProvider;
let payerOrganizationId = '';

const query = (memberId: string): EligibilityQuery => ({
  payer: { payerId: 'BPHP1', name: 'Blue Prairie Health Plan', ehrPayerId: payerOrganizationId },
  memberId,
  groupNumber: 'GRP-1',
  relationship: 'self',
  patient: { id: 'p-1', given: 'Ana', family: 'Nuñez', birthDate: '1990-05-01', gender: 'female' },
  coverageId: 'cov-1',
  serviceDate: '2026-11-26',
  traceId: `T${memberId}`,
});

async function storedResponses(): Promise<number> {
  return (await fhir.request<Bundle>('GET', '/CoverageEligibilityResponse?_count=0&_total=accurate')).body.total ?? 0;
}

beforeAll(async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  partition = await sandbox.createPartition();
  fhir = new ContractClient(partition);
  await fhir.authenticate();
  const payer = await fhir.request<{ id: string }>('POST', '/Organization', {
    body: { resourceType: 'Organization', active: true, name: 'Blue Prairie Health Plan' },
  });
  payerOrganizationId = payer.body.id;
  adapter = new FhirEligibilityProvider(
    {
      kind: 'fhir',
      baseUrl: partition.baseUrl,
      auth: {
        type: 'smart-client-secret',
        tokenUrl: partition.tokenUrl,
        clientId: partition.clientId,
        clientSecret: partition.clientSecret,
      },
    },
    5000,
  );
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

describe('the FHIR eligibility adapter against the sandbox', () => {
  it('reads an in-force coverage with plan name and copay from the CoverageEligibilityResponse', async () => {
    expect(await adapter.check(query('A1234567'))).toEqual({
      status: 'active',
      reason: null,
      payerMessage: 'Policy currently active',
      payerNotices: [],
      planName: 'Blue Prairie Health Plan PPO',
      copay: '25.00',
    });
  });

  it('reads coverage that is not in force as inactive, with the disposition', async () => {
    expect(await adapter.check(query('INA555'))).toMatchObject({
      status: 'inactive',
      payerMessage: 'Coverage terminated',
    });
  });

  it('turns an error outcome into unknown/rejected with the payer’s message', async () => {
    expect(await adapter.check(query('ERR404'))).toEqual({
      status: 'unknown',
      reason: 'rejected',
      payerMessage: 'Subscriber not found',
      payerNotices: [],
      planName: null,
      copay: null,
    });
  });

  it('turns a payer outage (503) into unknown/unavailable, and the sandbox stores nothing for it', async () => {
    const before = await storedResponses();
    expect(await adapter.check(query('DWN1'))).toMatchObject({ status: 'unknown', reason: 'unavailable' });
    expect(await storedResponses()).toBe(before);
  });

  it('turns an unreachable endpoint into unknown, never an exception', async () => {
    const nowhere = new FhirEligibilityProvider(
      { kind: 'fhir', baseUrl: 'http://127.0.0.1:9/fhir', auth: { type: 'none' } },
      1000,
    );
    expect((await nowhere.check(query('A1'))).status).toBe('unknown');
  });
});

describe('the sandbox as a payer (contract)', () => {
  it('stores the response, pointing at the request, and finds it by request=', async () => {
    const created = await fhir.request<{ id: string }>('POST', '/CoverageEligibilityRequest', {
      body: buildEligibilityRequest(query('Z9')),
    });
    expect(created.status).toBe(201);
    const found = await fhir.request<Bundle>(
      'GET',
      `/CoverageEligibilityResponse?request=CoverageEligibilityRequest/${created.body.id}`,
    );
    const response = found.body.entry?.[0]?.resource as CoverageEligibilityResponse | undefined;
    expect(found.body.entry).toHaveLength(1);
    expect(response?.request.reference).toBe(`CoverageEligibilityRequest/${created.body.id}`);
    expect(response?.outcome).toBe('complete');
    expect(response?.insurance?.[0]?.inforce).toBe(true);
  });

  it('refuses a request that names no coverage with 400', async () => {
    const { insurance: _insurance, ...withoutInsurance } = buildEligibilityRequest(query('Z9'));
    expect((await fhir.request('POST', '/CoverageEligibilityRequest', { body: withoutInsurance })).status).toBe(400);
  });

  it('documents the eligibility rules in its CapabilityStatement', async () => {
    const metadata = (await fhir.request<CapabilityStatement>('GET', '/metadata')).body;
    const documentation =
      metadata.rest?.[0]?.resource?.find((resource) => resource.type === 'CoverageEligibilityRequest')?.documentation ??
      '';
    expect(documentation).toContain('INA');
    expect(documentation).toContain('ERR');
    expect(documentation).toContain('DWN');
  });
});
