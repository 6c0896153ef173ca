/**
 * FHIR server contract suite: everything the app relies on, over HTTP, written to hold on any
 * conformant R4 server: it counts matches (or asks for `_total=accurate`) instead of trusting
 * `Bundle.total`, searches references as `Type/id`, checks "nothing was written" by searching for the
 * refused resource's own marker, and skips (reported as skipped) what the CapabilityStatement does not
 * declare. Runs against the embedded sandbox in both profiles by default; point FHIR_CONTRACT_BASE_URL
 * (+ _TOKEN_URL, _CLIENT_ID, _CLIENT_SECRET, _SCOPE) at any other FHIR R4 server to check it the same way.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContractClient, FhirReply } from './fhir-client';
import { contractTargetKinds, openContractTargets, type ContractTargets } from './targets';

type Json = Record<string, unknown>;
type Created = Json & { id: string; meta: { versionId: string } };
type BundleJson = {
  type: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: {
    resource?: Json;
    search?: { mode: string };
    response?: { status: string; location?: string; etag?: string };
  }[];
};

const mrnSystem = 'https://contract.example/mrn';
const stamp = Date.now().toString(36);

function patient(mrn: string, extra: Json = {}): Json {
  return {
    resourceType: 'Patient',
    identifier: [
      {
        system: mrnSystem,
        value: mrn,
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
      },
    ],
    name: [{ family: 'Nuñez', given: ['Ana'] }],
    birthDate: '1990-05-01',
    ...extra,
  };
}

describe.each(contractTargetKinds())('FHIR server contract (%s)', (kind) => {
  let targets: ContractTargets;
  let fhir: ContractClient;
  let other: ContractClient | null = null;

  beforeAll(async () => {
    targets = await openContractTargets(inject('databaseServerUrl'), kind);
    ({ fhir, other } = targets);
  });

  afterAll(async () => {
    await targets.close();
  });

  async function create(resource: Json): Promise<Created> {
    const reply = await fhir.request<Created>('POST', `/${String(resource.resourceType)}`, { body: resource });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body;
  }

  describe('capabilities and access', () => {
    it('publishes a CapabilityStatement listing the supported types and search parameters', async () => {
      const reply = await fhir.request<{
        fhirVersion: string;
        rest: { resource: { type: string; searchParam: { name: string }[] }[] }[];
      }>('GET', '/metadata', { anonymous: true });
      expect(reply.status).toBe(200);
      expect(reply.body.fhirVersion).toBe('4.0.1');
      const slot = reply.body.rest[0]?.resource.find((resource) => resource.type === 'Slot');
      expect(slot?.searchParam.map((param) => param.name)).toEqual(
        expect.arrayContaining(['schedule', 'start', 'status', 'service-type']),
      );
    });

    it('refuses requests without a valid bearer token, and a token request with a wrong secret', async () => {
      const reply = await fhir.request('GET', '/Patient', { anonymous: true });
      expect(reply.status).toBe(401);
      expect(reply.body.resourceType).toBe('OperationOutcome');
      const wrong = await fetch(fhir.target.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${fhir.target.clientId}&client_secret=wrong`,
      });
      expect(wrong.status).toBe(401);
    });

    it('answers an unsupported resource type with 404 and an OperationOutcome', async () => {
      const reply = await fhir.request('GET', '/Observation');
      expect(reply.status).toBe(404);
      expect(reply.body.resourceType).toBe('OperationOutcome');
    });
  });

  describe('create, read, update, delete, history', () => {
    it('assigns ids and versions, and answers with ETag, Last-Modified and Location', async () => {
      const reply = await fhir.request<Created>('POST', '/Patient', { body: patient(`mrn-${stamp}-1`) });
      expect(reply.status).toBe(201);
      expect(reply.body.id).toMatch(/\S+/);
      expect(reply.headers.get('etag')).toBe(`W/"${reply.body.meta.versionId}"`);
      expect(reply.headers.get('last-modified')).toBeTruthy();
      expect(reply.headers.get('location')).toContain(`/Patient/${reply.body.id}/_history/`);
      const read = await fhir.request<Json>('GET', `/Patient/${reply.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: reply.body.id, birthDate: '1990-05-01' });
    });

    it('updates with If-Match, refuses a stale version with 412, and keeps every version', async () => {
      const created = await create(patient(`mrn-${stamp}-2`));
      const version1 = created.meta.versionId;
      const updated = await fhir.request<Created>('PUT', `/Patient/${created.id}`, {
        body: { ...created, gender: 'female' },
        headers: { 'if-match': `W/"${version1}"` },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.meta.versionId).not.toBe(version1);
      const stale = await fhir.request('PUT', `/Patient/${created.id}`, {
        body: { ...created, gender: 'male' },
        headers: { 'if-match': `W/"${version1}"` },
      });
      expect(stale.status).toBe(412);
      expect(stale.body.resourceType).toBe('OperationOutcome');
      expect((await fhir.request<Json>('GET', `/Patient/${created.id}`)).body.gender).toBe('female');
      const old = await fhir.request<Json>('GET', `/Patient/${created.id}/_history/${version1}`);
      expect(old.status).toBe(200);
      expect(old.body.gender).toBeUndefined();
      const history = await fhir.request<BundleJson>('GET', `/Patient/${created.id}/_history`);
      expect(history.body.type).toBe('history');
      expect(history.body.entry).toHaveLength(2);
    });

    it('deletes: a read then answers 410 Gone, and the deletion is in the history', async () => {
      const created = await create(patient(`mrn-${stamp}-3`));
      expect((await fhir.request('DELETE', `/Patient/${created.id}`)).status).toBeLessThan(300);
      expect((await fhir.request('GET', `/Patient/${created.id}`)).status).toBe(410);
      expect((await fhir.request<BundleJson>('GET', `/Patient/${created.id}/_history`)).body.entry).toHaveLength(2);
    });

    it('creates conditionally with If-None-Exist: a second create returns the first', async () => {
      const mrn = `mrn-${stamp}-4`;
      const first = await fhir.request<Created>('POST', '/Patient', {
        body: patient(mrn),
        headers: { 'if-none-exist': `identifier=${mrnSystem}|${mrn}` },
      });
      const second = await fhir.request<Created>('POST', '/Patient', {
        body: patient(mrn),
        headers: { 'if-none-exist': `identifier=${mrnSystem}|${mrn}` },
      });
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(first.body.id);
    });

    // Each refused body carries a marker the test then searches for: no server may have stored it.
    const marked = (marker: string): Json[] => [{ system: 'https://contract.example/marker', value: marker }];
    it.each([
      [
        'malformed JSON',
        '/Patient',
        (marker: string) => `{"resourceType": "Patient", "identifier": ${JSON.stringify(marked(marker))},`,
        'Patient',
      ],
      [
        'a wrong resourceType for the URL',
        '/Patient',
        (marker: string) => JSON.stringify({ resourceType: 'Practitioner', identifier: marked(marker) }),
        'Practitioner',
      ],
      [
        'an invalid required code',
        '/Appointment',
        (marker: string) =>
          JSON.stringify({
            resourceType: 'Appointment',
            identifier: marked(marker),
            status: 'bogus',
            participant: [{ actor: { reference: 'Patient/x' }, status: 'accepted' }],
          }),
        'Appointment',
      ],
      [
        'an unknown element',
        '/Patient',
        (marker: string) => JSON.stringify({ resourceType: 'Patient', identifier: marked(marker), nickname: 'Al' }),
        'Patient',
      ],
    ])('refuses %s with a 400 OperationOutcome and writes nothing', async (_label, path, rawBody, storedAs) => {
      const marker = `refused-${stamp}-${Math.random().toString(36).slice(2, 8)}`;
      const reply = await fhir.request('POST', path, { rawBody: rawBody(marker) });
      expect(reply.status).toBe(400);
      expect(reply.body.resourceType).toBe('OperationOutcome');
      const search = `identifier=${encodeURIComponent(`https://contract.example/marker|${marker}`)}`;
      expect(await fhir.count(`/${storedAs}?${search}`)).toBe(0);
    });

    it('refuses a write whose body is not declared as JSON with 415, and writes nothing', async () => {
      const marker = `untyped-${stamp}`;
      const reply = await fhir.request('POST', '/Patient', {
        rawBody: JSON.stringify(patient(marker)),
        headers: { 'content-type': 'text/plain' },
      });
      expect(reply.status).toBe(415);
      expect(await fhir.count(`/Patient?identifier=${encodeURIComponent(`${mrnSystem}|${marker}`)}`)).toBe(0);
    });

    it('refuses an update whose body id differs from the URL', async () => {
      const created = await create(patient(`mrn-${stamp}-5`));
      const reply = await fhir.request<{ issue: { expression?: string[] }[] }>('PUT', `/Patient/${created.id}`, {
        body: { ...created, id: 'someone-else' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.issue[0]?.expression).toEqual(['id']);
    });
  });

  describe('search', () => {
    let scheduleId = '';
    let practitionerId = '';

    beforeAll(async () => {
      practitionerId = (await create({ resourceType: 'Practitioner', name: [{ family: 'Okafor', given: ['Chidi'] }] }))
        .id;
      scheduleId = (
        await create({
          resourceType: 'Schedule',
          active: true,
          actor: [{ reference: `Practitioner/${practitionerId}` }],
          serviceType: [{ coding: [{ system: 'https://contract.example/service', code: 'pediatrics' }] }],
        })
      ).id;
      for (let index = 0; index < 7; index += 1) {
        await create({
          resourceType: 'Slot',
          schedule: { reference: `Schedule/${scheduleId}` },
          status: index === 3 ? 'busy' : 'free',
          start: new Date(Date.UTC(2031, 0, 6 + index, 15)).toISOString(),
          end: new Date(Date.UTC(2031, 0, 6 + index, 15, 30)).toISOString(),
        });
      }
    });

    it('finds a patient by MRN token (system|value), birth date prefixes and name prefix', async () => {
      const mrn = `mrn-${stamp}-search`;
      const created = await create(patient(mrn, { birthDate: '2011-03-09' }));
      const byMrn = `identifier=${encodeURIComponent(`${mrnSystem}|${mrn}`)}`;
      expect(
        (await fhir.request<BundleJson>('GET', `/Patient?${byMrn}`)).body.entry?.map((entry) => entry.resource?.id),
      ).toEqual([created.id]);
      expect(await fhir.count(`/Patient?identifier=${encodeURIComponent(`https://other.example|${mrn}`)}`)).toBe(0);
      expect(await fhir.count(`/Patient?${byMrn}&birthdate=ge2011-03&birthdate=lt2011-04-01`)).toBe(1);
      expect(await fhir.count(`/Patient?${byMrn}&birthdate=2011-03-10`)).toBe(0);
      expect(await fhir.count(`/Patient?${byMrn}&family=nun`)).toBe(1);
      expect(await fhir.count(`/Patient?${byMrn}&family:exact=nun`)).toBe(0);
    });

    it('finds free slots of a schedule in a date range, sorted by start, with the schedule included', async () => {
      const range = 'start=ge2031-01-07&start=lt2031-01-11';
      const reply = await fhir.request<BundleJson>(
        'GET',
        `/Slot?schedule=Schedule/${scheduleId}&status=free&${range}&_sort=start&_include=Slot:schedule`,
      );
      expect(reply.status).toBe(200);
      const matches = reply.body.entry?.filter((entry) => entry.search?.mode === 'match') ?? [];
      expect(matches.map((entry) => entry.resource?.start)).toEqual([
        '2031-01-07T15:00:00.000Z',
        '2031-01-08T15:00:00.000Z',
        '2031-01-10T15:00:00.000Z',
      ]);
      expect(
        reply.body.entry?.filter((entry) => entry.search?.mode === 'include').map((entry) => entry.resource?.id),
      ).toEqual([scheduleId]);
    });

    it('follows the chain schedule.actor', async () => {
      expect(await fhir.count(`/Slot?schedule.actor=Practitioner/${practitionerId}&_count=100`)).toBe(7);
    });

    it('pages with stable next and previous links', async () => {
      const first = await fhir.request<BundleJson>('GET', `/Slot?schedule=Schedule/${scheduleId}&_sort=start&_count=3`);
      expect(first.body.entry).toHaveLength(3);
      const second = await fhir.request<BundleJson>(
        'GET',
        first.body.link?.find((link) => link.relation === 'next')?.url ?? '',
      );
      const third = await fhir.request<BundleJson>(
        'GET',
        second.body.link?.find((link) => link.relation === 'next')?.url ?? '',
      );
      const starts = [first, second, third].flatMap(
        (page) => page.body.entry?.map((entry) => entry.resource?.start) ?? [],
      );
      expect(starts).toHaveLength(7);
      expect(new Set(starts).size).toBe(7);
      expect(third.body.link?.some((link) => link.relation === 'next')).toBe(false);
      const back = await fhir.request<BundleJson>(
        'GET',
        third.body.link?.find((link) => link.relation === 'previous')?.url ?? '',
      );
      expect(back.body.entry?.map((entry) => entry.resource?.start)).toEqual(
        second.body.entry?.map((entry) => entry.resource?.start),
      );
    });

    it.each([
      ['_count=-1', '/Slot?_count=-1'],
      ['_count=10^9', '/Slot?_count=1000000000'],
      ['an unknown date prefix', '/Slot?start=xx2031-01-01'],
      ['an unknown sort key', '/Slot?_sort=color'],
    ])('refuses %s with 400', async (_label, path) => {
      const reply = await fhir.request('GET', path);
      expect(reply.status).toBe(400);
      expect(reply.body.resourceType).toBe('OperationOutcome');
    });

    it('refuses unknown parameters when strict, otherwise ignores them visibly or refuses them', async () => {
      const strictHandling = await fhir.request('GET', `/Slot?schedule=Schedule/${scheduleId}&color=blue`, {
        headers: { prefer: 'handling=strict' },
      });
      expect(strictHandling.status).toBe(400);
      const plain = await fhir.request<BundleJson>('GET', `/Slot?schedule=Schedule/${scheduleId}&color=blue`);
      expect([200, 400]).toContain(plain.status);
      if (plain.status === 200) {
        // A server that ignores a parameter must say so by leaving it out of the self link.
        expect(plain.body.link?.find((link) => link.relation === 'self')?.url).not.toContain('color');
        expect(plain.body.entry?.length).toBe(7);
      }
    });

    it('states Bundle.total when asked with _total=accurate', async () => {
      const reply = await fhir.request<BundleJson>('GET', `/Slot?schedule=Schedule/${scheduleId}&_total=accurate`);
      expect(reply.status).toBe(200);
      expect(reply.body.total).toBe(7);
    });

    it('searches by POST _search like GET', async () => {
      const reply = await fhir.request<BundleJson>('POST', '/Slot/_search', {
        rawBody: `schedule=Schedule/${scheduleId}&status=busy`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.entry?.filter((entry) => (entry.search?.mode ?? 'match') === 'match')).toHaveLength(1);
    });
  });

  describe('transactions and batches', () => {
    async function slotAndPatient(): Promise<{ slot: Created; patientId: string }> {
      const schedule = await create({ resourceType: 'Schedule', actor: [{ reference: 'Practitioner/x' }] });
      const slot = await create({
        resourceType: 'Slot',
        schedule: { reference: `Schedule/${schedule.id}` },
        status: 'free',
        start: '2031-02-01T15:00:00Z',
        end: '2031-02-01T15:30:00Z',
      });
      const created = await create(patient(`mrn-${stamp}-${Math.random().toString(36).slice(2, 8)}`));
      return { slot, patientId: created.id };
    }

    function booking(slot: Created, patientId: string): { resourceType: string; type: string; entry: Json[] } {
      return {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: `urn:uuid:${crypto.randomUUID()}`,
            resource: { ...slot, status: 'busy' },
            request: { method: 'PUT', url: `Slot/${slot.id}`, ifMatch: `W/"${slot.meta.versionId}"` },
          },
          {
            fullUrl: `urn:uuid:${crypto.randomUUID()}`,
            resource: {
              resourceType: 'Appointment',
              status: 'booked',
              start: slot.start,
              end: slot.end,
              slot: [{ reference: `Slot/${slot.id}` }],
              participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
            },
            request: { method: 'POST', url: 'Appointment' },
          },
        ],
      };
    }

    it('books atomically: slot busy and appointment created, with urn:uuid references resolved', async () => {
      const { slot, patientId } = await slotAndPatient();
      const coverageId = `urn:uuid:${crypto.randomUUID()}`;
      const bundle = booking(slot, patientId);
      bundle.entry.push({
        fullUrl: coverageId,
        resource: {
          resourceType: 'Coverage',
          status: 'active',
          beneficiary: { reference: `Patient/${patientId}` },
          payor: [{ reference: `Patient/${patientId}` }],
        },
        request: { method: 'POST', url: 'Coverage' },
      });
      bundle.entry.push({
        resource: {
          resourceType: 'CoverageEligibilityRequest',
          status: 'active',
          purpose: ['validation'],
          patient: { reference: `Patient/${patientId}` },
          created: '2031-01-01',
          insurer: { reference: 'Organization/x' },
          insurance: [{ coverage: { reference: coverageId } }],
        },
        request: { method: 'POST', url: 'CoverageEligibilityRequest' },
      });
      const reply = await fhir.request<BundleJson>('POST', '/', { body: bundle });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.type).toBe('transaction-response');
      expect(reply.body.entry?.map((entry) => entry.response?.status)).toEqual(['200', '201', '201', '201']);
      const request = reply.body.entry?.[3]?.resource as { insurance: { coverage: { reference: string } }[] };
      expect(request.insurance[0]?.coverage.reference).toMatch(/^Coverage\/[\w-]+$/);
      expect((await fhir.request<Json>('GET', `/Slot/${slot.id}`)).body.status).toBe('busy');
    });

    it('rolls the whole transaction back on a stale If-Match: no appointment, slot untouched', async () => {
      const { slot, patientId } = await slotAndPatient();
      const reply = await fhir.request('POST', '/', {
        body: booking({ ...slot, meta: { versionId: '999' } }, patientId),
      });
      expect(reply.status).toBe(412);
      expect(reply.body.resourceType).toBe('OperationOutcome');
      expect(await fhir.count(`/Appointment?slot=Slot/${slot.id}`)).toBe(0);
      expect((await fhir.request<Json>('GET', `/Slot/${slot.id}`)).body.status).toBe('free');
    });

    it('refuses a transaction with a dangling urn:uuid reference and writes nothing', async () => {
      const { patientId } = await slotAndPatient();
      const reply = await fhir.request('POST', '/', {
        body: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            {
              resource: {
                resourceType: 'Coverage',
                status: 'active',
                beneficiary: { reference: `Patient/${patientId}` },
                payor: [{ reference: 'urn:uuid:0000-missing' }],
              },
              request: { method: 'POST', url: 'Coverage' },
            },
          ],
        },
      });
      expect(reply.status).toBe(400);
      expect(await fhir.count(`/Coverage?beneficiary=Patient/${patientId}`)).toBe(0);
    });

    it('lets exactly one of many concurrent bookings of one slot succeed', async () => {
      const { slot, patientId } = await slotAndPatient();
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => fhir.request('POST', '/', { body: booking(slot, patientId) })),
      );
      expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
      expect(replies.filter((reply) => reply.status === 412)).toHaveLength(19);
      expect(await fhir.count(`/Appointment?slot=Slot/${slot.id}`)).toBe(1);
    });

    it('runs batch entries independently', async () => {
      const reply = await fhir.request<BundleJson>('POST', '/', {
        body: {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { resource: patient(`mrn-${stamp}-batch`), request: { method: 'POST', url: 'Patient' } },
            { request: { method: 'GET', url: 'Patient/does-not-exist' } },
          ],
        },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.entry?.map((entry) => entry.response?.status)).toEqual(['201', '404']);
    });
  });

  describe('history and partitions', () => {
    it('lists type history since an instant, where declared', async (context) => {
      if (!(await fhir.declares('Patient', 'history-type'))) context.skip('history-type is not declared');
      const since = new Date(Date.now() - 1000).toISOString();
      const created = await create(patient(`mrn-${stamp}-history`));
      const typeHistory = await fhir.request<BundleJson>(
        'GET',
        `/Patient/_history?_since=${encodeURIComponent(since)}`,
      );
      expect(typeHistory.body.entry?.map((entry) => entry.resource?.id)).toContain(created.id);
    });

    it('lists system history since an instant, where declared', async (context) => {
      if (!(await fhir.declaresSystem('history-system'))) context.skip('history-system is not declared');
      const since = new Date(Date.now() - 1000).toISOString();
      const created = await create(patient(`mrn-${stamp}-system-history`));
      const all = await fhir.request<BundleJson>('GET', `/_history?_since=${encodeURIComponent(since)}&_count=5`);
      expect(all.body.entry?.some((entry) => entry.resource?.id === created.id)).toBe(true);
    });

    it('finds what changed since an instant by _lastUpdated', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const created = await create(patient(`mrn-${stamp}-updated`));
      const reply = await fhir.request<BundleJson>(
        'GET',
        `/Patient?_lastUpdated=ge${encodeURIComponent(since)}&_count=200`,
      );
      expect(reply.status).toBe(200);
      expect(reply.body.entry?.map((entry) => entry.resource?.id)).toContain(created.id);
    });

    it('pages changes oldest first by _sort=_lastUpdated without skipping one updated between pages', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const created: Created[] = [];
      for (let index = 0; index < 5; index += 1) created.push(await create(patient(`mrn-${stamp}-feed-${index}`)));
      const mine = new Set(created.map((resource) => resource.id));
      const seen: { id: string; lastUpdated: string }[] = [];
      let next: string | null = `/Patient?_lastUpdated=ge${encodeURIComponent(since)}&_sort=_lastUpdated&_count=2`;
      let pages = 0;
      while (next) {
        const page: FhirReply<BundleJson> = await fhir.request<BundleJson>('GET', next);
        expect(page.status).toBe(200);
        for (const entry of page.body.entry ?? [])
          seen.push({
            id: String(entry.resource?.id),
            lastUpdated: String((entry.resource?.meta as { lastUpdated?: string } | undefined)?.lastUpdated),
          });
        pages += 1;
        if (pages === 1) {
          // A resource of the first page changes while the client pages on: it moves to the end.
          const first = created.find((resource) => resource.id === seen[0]?.id) ?? created[0];
          if (!first) throw new Error('nothing created');
          const current = await fhir.request<Created>('GET', `/Patient/${first.id}`);
          await fhir.request('PUT', `/Patient/${first.id}`, {
            body: { ...current.body, gender: 'female' },
            headers: { 'if-match': `W/"${current.body.meta.versionId}"` },
          });
        }
        next = page.body.link?.find((link) => link.relation === 'next')?.url ?? null;
      }
      expect(pages).toBeGreaterThan(2);
      const ours = seen.filter((item) => mine.has(item.id));
      expect(new Set(ours.map((item) => item.id))).toEqual(mine);
      const instants = seen.map((item) => item.lastUpdated);
      expect(instants).toEqual([...instants].sort());
    });

    it('notifies a rest-hook Subscription after a matching write, with its header', async (context) => {
      const statement = await fhir.request<{ rest: { resource: { type: string }[] }[] }>('GET', '/metadata');
      if (!statement.body.rest[0]?.resource.some((resource) => resource.type === 'Subscription'))
        return context.skip('the server declares no Subscription');
      const received: (string | undefined)[] = [];
      const hook = createServer((request, response) => {
        received.push(request.headers.authorization);
        response.writeHead(200).end();
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      const address = hook.address();
      const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
      try {
        const marker = `mrn-${stamp}-subscribed`;
        const subscription = {
          resourceType: 'Subscription',
          status: 'requested',
          reason: 'contract',
          criteria: `Patient?identifier=${encodeURIComponent(`${mrnSystem}|${marker}`)}`,
          channel: { type: 'rest-hook', endpoint, header: ['Authorization: Bearer contract-secret'] },
        };
        const refused = await fhir.request('POST', '/Subscription', {
          body: { ...subscription, channel: { ...subscription.channel, type: 'websocket' } },
        });
        expect(refused.status).toBe(400);
        const made = await fhir.request<Json>('POST', '/Subscription', { body: subscription });
        expect(made.status).toBe(201);
        expect(made.body.status).toBe('active');
        await create(patient(`mrn-${stamp}-not-subscribed`));
        await create(patient(marker));
        const until = Date.now() + 10_000;
        while (received.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received).toEqual(['Bearer contract-secret']);
      } finally {
        await new Promise<void>((resolve) => hook.close(() => resolve()));
      }
    });

    it('keeps each partition’s resources invisible to the others', async (context) => {
      if (!other) return context.skip('needs a second partition of the same server');
      const created = await create(patient(`mrn-${stamp}-isolated`));
      expect((await other.request('GET', `/Patient/${created.id}`)).status).toBe(404);
      expect(await other.count(`/Patient?identifier=${encodeURIComponent(`${mrnSystem}|mrn-${stamp}-isolated`)}`)).toBe(
        0,
      );
      expect((await fhir.request('GET', `${other.target.baseUrl}/Patient`)).status).toBe(401);
    });
  });
});
