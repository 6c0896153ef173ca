import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerSettingsSchema } from '@/lib/tenancy/tenant-settings';
import { createFhirProvider } from './create-fhir-provider';

/** An EHR whose CapabilityStatement declares no `status` on Slot, and which rejects undeclared parameters. */
let origin = '';
const requested: string[] = [];
let metadataReads = 0;
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://x');
  requested.push(url.pathname + url.search);
  const send = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/fhir+json' });
    response.end(JSON.stringify(body));
  };
  if (url.pathname.endsWith('/metadata')) {
    metadataReads += 1;
    return send(200, {
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      date: '2026-01-01',
      rest: [
        {
          mode: 'server',
          resource: [
            {
              type: 'Slot',
              searchParam: [
                { name: 'service-type', type: 'token' },
                { name: 'start', type: 'date' },
                { name: 'schedule', type: 'reference' },
              ],
              searchInclude: ['Slot:schedule'],
            },
          ],
        },
      ],
    });
  }
  if (url.searchParams.has('status'))
    return send(400, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'Unknown parameter status' }],
    });
  const slot = (id: string, status: string): unknown => ({
    fullUrl: `${origin}/Slot/${id}`,
    search: { mode: 'match' },
    resource: {
      resourceType: 'Slot',
      id,
      meta: { versionId: '1' },
      schedule: { reference: 'Schedule/s1' },
      status,
      start: '2031-01-06T15:00:00Z',
      end: '2031-01-06T15:30:00Z',
      serviceType: [{ coding: [{ code: 'dental' }] }],
    },
  });
  return send(200, {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [slot('free-1', 'free'), slot('busy-1', 'busy')],
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fhir`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('search parameters and the CapabilityStatement', () => {
  it('sends only declared parameters, filters the rest itself, and reads the statement once', async () => {
    const provider = createFhirProvider({
      fhirBaseUrl: origin,
      fhirAuth: { type: 'none' },
      mrnSystem: 'urn:mrn',
      providerSettings: providerSettingsSchema.parse({}),
    });
    const page = await provider.searchFreeSlots({
      serviceCode: 'dental',
      from: '2031-01-06T00:00:00Z',
      to: '2031-01-07T00:00:00Z',
    });
    expect(page.items.map((slot) => slot.id)).toEqual(['free-1']);
    await provider.searchFreeSlots({ serviceCode: 'dental', from: '2031-01-06T00:00:00Z', to: '2031-01-07T00:00:00Z' });
    const searches = requested.filter((path) => path.includes('/Slot'));
    expect(searches.every((path) => !path.includes('status='))).toBe(true);
    expect(searches[0]).toContain('service-type=dental');
    expect(metadataReads).toBe(1);
  });
});
