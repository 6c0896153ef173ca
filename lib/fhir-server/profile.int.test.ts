/**
 * The sandbox's strict profile and its non-atomic transaction mode, over HTTP: each behaviour the
 * strictest production FHIR servers show, so that code passing against the sandbox passes there too.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestFhirSandbox, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { ContractClient } from './contract/fhir-client';

type Json = Record<string, unknown>;
type Created = Json & { id: string; meta: { versionId: string } };
type BundleJson = {
  type: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { resource?: Json; response?: { status: string } }[];
};

let sandbox: TestFhirSandbox;
let strict: ContractClient;
let readOnly: ContractClient;
let nonAtomic: ContractClient;

beforeAll(async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  const partition = await sandbox.createPartition(undefined, { profile: 'strict' });
  strict = new ContractClient(partition);
  readOnly = new ContractClient({
    ...(await sandbox.createPartition(partition.baseUrl.split('/').pop(), {
      clientId: 'reader',
      clientScopes: 'system/*.rs',
    })),
    scope: 'system/*.cruds',
  });
  nonAtomic = new ContractClient(await sandbox.createPartition(undefined, { transactions: 'non-atomic' }));
  await Promise.all([strict.authenticate(), readOnly.authenticate(), nonAtomic.authenticate()]);
});

afterAll(async () => {
  await sandbox.close();
});

async function create(client: ContractClient, resource: Json): Promise<Created> {
  const reply = await client.request<Created>('POST', `/${String(resource.resourceType)}`, { body: resource });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

const slot = (scheduleId: string): Json => ({
  resourceType: 'Slot',
  schedule: { reference: `Schedule/${scheduleId}` },
  status: 'free',
  start: '2031-03-01T15:00:00Z',
  end: '2031-03-01T15:30:00Z',
});

describe('the strict profile', () => {
  it('gives opaque version ids, and If-Match works with them', async () => {
    const schedule = await create(strict, { resourceType: 'Schedule', actor: [{ reference: 'Practitioner/x' }] });
    const created = await create(strict, slot(schedule.id));
    expect(created.meta.versionId).not.toMatch(/^\d+$/);
    const stale = await strict.request('PUT', `/Slot/${created.id}`, {
      body: { ...created, status: 'busy' },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(stale.status).toBe(412);
    const fresh = await strict.request<Created>('PUT', `/Slot/${created.id}`, {
      body: { ...created, status: 'busy' },
      headers: { 'if-match': `W/"${created.meta.versionId}"` },
    });
    expect(fresh.status).toBe(200);
    const old = await strict.request<Json>('GET', `/Slot/${created.id}/_history/${created.meta.versionId}`);
    expect(old.body.status).toBe('free');
  });

  it('states Bundle.total only when asked with _total=accurate', async () => {
    const plain = await strict.request<BundleJson>('GET', '/Schedule');
    expect(plain.status).toBe(200);
    expect(plain.body.total).toBeUndefined();
    const accurate = await strict.request<BundleJson>('GET', '/Schedule?_total=accurate');
    expect(accurate.body.total).toBeGreaterThan(0);
  });

  it('refuses unknown parameters and bare-id references with 400, even without strict handling', async () => {
    expect((await strict.request('GET', '/Slot?color=blue')).status).toBe(400);
    expect((await strict.request('GET', '/Slot?schedule=abc')).status).toBe(400);
    expect((await strict.request('GET', '/Slot?schedule=Schedule/abc')).status).toBe(200);
  });

  it('offers no system or type history, and says so in its CapabilityStatement', async () => {
    expect((await strict.request('GET', '/_history')).status).toBe(404);
    expect((await strict.request('GET', '/Slot/_history')).status).toBe(404);
    expect(await strict.declaresSystem('history-system')).toBe(false);
    expect(await strict.declares('Slot', 'history-type')).toBe(false);
    expect(await strict.declares('Slot', 'history-instance')).toBe(true);
  });

  it('names itself by its alias in links and in the CapabilityStatement', async () => {
    const page = await strict.request<BundleJson>('GET', '/Schedule?_count=1');
    expect(page.body.link?.[0]?.url).toMatch(/^http:\/\/localhost:\d+\/fhir\//);
    const metadata = await strict.request<{ implementation: { url: string; description: string } }>('GET', '/metadata');
    expect(metadata.body.implementation.url).toMatch(/^http:\/\/localhost:/);
    expect(metadata.body.implementation.description).toContain('Profile strict');
  });

  it('grants a token only the requested scopes its client may have, and enforces them per interaction', async () => {
    expect(readOnly.grantedScope).toBe('system/*.rs');
    expect((await readOnly.request('GET', '/Schedule')).status).toBe(200);
    const refused = await readOnly.request<{ issue: { code: string; diagnostics: string }[] }>('POST', '/Schedule', {
      body: { resourceType: 'Schedule', actor: [{ reference: 'Practitioner/x' }] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.issue[0]?.diagnostics).toContain('create on Schedule');
    expect(await readOnly.count('/Schedule?actor=Practitioner/x')).toBeGreaterThan(0);
  });

  it('reads `system/*.read system/*.write` as read-only: only the first matching scope counts', async () => {
    const both = new ContractClient({ ...strict.target, scope: 'system/*.read system/*.write' });
    await both.authenticate();
    expect(both.grantedScope).toBe('system/*.read system/*.write');
    const refused = await both.request('POST', '/Schedule', {
      body: { resourceType: 'Schedule', actor: [{ reference: 'Practitioner/y' }] },
    });
    expect(refused.status).toBe(403);
  });
});

describe('both profiles', () => {
  it('refuse a write whose body is not declared as JSON with 415', async () => {
    for (const client of [strict, nonAtomic]) {
      const reply = await client.request('POST', '/Schedule', {
        rawBody: JSON.stringify({ resourceType: 'Schedule', actor: [{ reference: 'Practitioner/z' }] }),
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
      });
      expect(reply.status).toBe(415);
    }
  });
});

describe('non-atomic transactions (for testing the onboarding check only)', () => {
  it('answer a transaction entry by entry: a stale If-Match fails its entry while the rest is written', async () => {
    const schedule = await create(nonAtomic, { resourceType: 'Schedule', actor: [{ reference: 'Practitioner/x' }] });
    const free = await create(nonAtomic, slot(schedule.id));
    const reply = await nonAtomic.request<BundleJson>('POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { ...free, status: 'busy' },
            request: { method: 'PUT', url: `Slot/${free.id}`, ifMatch: 'W/"999"' },
          },
          {
            resource: {
              resourceType: 'Appointment',
              status: 'booked',
              start: '2031-03-01T15:00:00Z',
              end: '2031-03-01T15:30:00Z',
              slot: [{ reference: `Slot/${free.id}` }],
              participant: [{ actor: { reference: 'Patient/x' }, status: 'accepted' }],
            },
            request: { method: 'POST', url: 'Appointment' },
          },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.type).toBe('transaction-response');
    expect(reply.body.entry?.map((entry) => entry.response?.status)).toEqual(['412', '201']);
    expect(await nonAtomic.count(`/Appointment?slot=Slot/${free.id}`)).toBe(1);
  });
});
