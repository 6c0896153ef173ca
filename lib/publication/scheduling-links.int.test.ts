/**
 * SMART Scheduling Links against the strict sandbox over HTTP: the manifest and its four NDJSON files
 * follow the specification's rules (required fields, valid FHIR R4, references that resolve within the
 * publication, deep links to the booking page on that slot, only the chosen visit types within the
 * booking rules), a poll with the ETag is answered 304, `_since` says when nothing changed, and a slot
 * booked in the EHR leaves the next publication.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { validateResource } from '@/lib/fhir-server/validation';
import type { JsonObject } from '@/lib/fhir-server/values';
import { createFhirProvider } from '@/lib/scheduling/fhir/create-fhir-provider';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { Tenant } from '@/lib/tenancy/tenant';
import { testDatabase } from '@/lib/testing/database';
import { freePort } from '@/lib/testing/free-port';
import { startSandboxClinic, type SandboxClinic } from '@/lib/testing/sandbox-clinic';
import { getPublication, PUBLICATION_TTL_MS, type CurrentPublication } from './get-publication';
import { fileResponse, manifestResponse, publishedTypeOf } from './publication-responses';
import { PUBLISHED_FILES, PUBLISHED_TYPES, type PublishedType } from './scheduling-links';

const database = testDatabase();
const appBaseUrl = 'https://book.example';
const startDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DEEP_LINK = 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link';

let clinic: SandboxClinic;
let tenant: Tenant;
let provider: SchedulingProvider;
let deps: { provider: SchedulingProvider; appBaseUrl: string };

type Published = JsonObject & { id: string; start?: string };

function lines(publication: CurrentPublication, type: PublishedType): Published[] {
  const text = publication.files[type];
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Published);
}

const urls = { request: `${appBaseUrl}/clinic/$bulk-publish`, filesBase: `${appBaseUrl}/clinic/scheduling-links` };

beforeAll(async () => {
  // The compressed files are served here (PUBLICATION_GZIP), as a clinic that turns them on gets them.
  process.env.PUBLICATION_GZIP = '1';
  clinic = await startSandboxClinic(database, {
    databaseServerUrl: inject('databaseServerUrl'),
    name: 'publication',
    seed: { startDate, days: 5, practitioners: 3, patients: 6 },
    tenant: {
      contactPhone: '(312) 555-0100',
      bookingRules: { minimumNoticeMinutes: 120, horizonDays: 10 },
      publicationSettings: { enabled: true, services: ['primary-care'], days: 28 },
    },
  });
  tenant = clinic.tenant;
  provider = createFhirProvider(tenant);
  deps = { provider, appBaseUrl };
}, 120_000);

afterAll(async () => {
  delete process.env.PUBLICATION_GZIP;
  await clinic.sandbox.close();
});

describe('SMART Scheduling Links publication', () => {
  it('has a manifest with transactionTime, request and one output per file, and valid FHIR in each file', async () => {
    const publication = await getPublication(deps, tenant);
    const response = manifestResponse(new Request(urls.request), publication, urls);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const manifest = (await response.json()) as {
      transactionTime: string;
      request: string;
      output: { type: string; url: string; extension?: { state: string[] } }[];
      error: unknown[];
    };
    expect(manifest.transactionTime).toMatch(INSTANT);
    expect(manifest.request).toBe(urls.request);
    expect(manifest.error).toEqual([]);
    expect(manifest.output.map((output) => output.type).sort()).toEqual([...PUBLISHED_TYPES].sort());
    for (const output of manifest.output) {
      expect(output.url).toBe(`${urls.filesBase}/${PUBLISHED_FILES[output.type as PublishedType]}`);
      expect(publishedTypeOf(new URL(output.url).pathname.split('/').at(-1) ?? '')).toBe(output.type);
    }
    for (const type of PUBLISHED_TYPES)
      for (const resource of lines(publication, type)) {
        expect(resource.resourceType).toBe(type);
        expect(resource.id).toMatch(FHIR_ID);
        expect(() => validateResource(resource)).not.toThrow();
      }
    expect(publication.slotCount).toBeGreaterThan(10);
  });

  it('every reference resolves within the publication', async () => {
    const publication = await getPublication(deps, tenant);
    const ids = (type: PublishedType): Set<string> =>
      new Set(lines(publication, type).map((item) => `${type}/${item.id}`));
    const known = new Set([...ids('Location'), ...ids('PractitionerRole'), ...ids('Schedule')]);
    for (const slot of lines(publication, 'Slot'))
      expect(known).toContain((slot.schedule as { reference: string }).reference);
    for (const schedule of lines(publication, 'Schedule')) {
      const actors = schedule.actor as { reference: string; display?: string }[];
      expect(actors.length).toBeGreaterThan(0);
      for (const actor of actors) {
        expect(known).toContain(actor.reference);
        expect(actor.display).toBeTruthy();
      }
    }
    for (const role of lines(publication, 'PractitionerRole'))
      for (const place of (role.location as { reference: string }[] | undefined) ?? [])
        expect(known).toContain(place.reference);
  });

  it('publishes only the chosen visit types’ free times a patient could book now, each with a deep link', async () => {
    const now = new Date();
    const publication = await getPublication(deps, tenant, now);
    const slots = lines(publication, 'Slot');
    const earliest = now.getTime() + 120 * 60_000;
    const horizon = now.getTime() + 10 * 86_400_000;
    const expected = [];
    let cursor: string | undefined;
    do {
      const page = await provider.searchFreeSlots({
        serviceCode: 'primary-care',
        from: new Date(earliest).toISOString(),
        to: new Date(horizon).toISOString(),
        pageSize: 100,
        cursor,
      });
      expected.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(slots.map((slot) => slot.id).sort()).toEqual(expected.map((slot) => slot.id).sort());
    for (const slot of slots) {
      expect(slot.status).toBe('free');
      expect(slot.start).toMatch(INSTANT);
      expect(Date.parse(slot.start ?? '')).toBeGreaterThanOrEqual(earliest);
      const extensions = slot.extension as { url: string; valueUrl?: string; valueString?: string }[];
      const link = new URL(extensions.find((extension) => extension.url === DEEP_LINK)?.valueUrl ?? '');
      expect(`${link.origin}${link.pathname}`).toBe(`${appBaseUrl}/${tenant.slug}/book/review`);
      expect(link.searchParams.get('slot')).toBe(slot.id);
      expect(link.searchParams.get('v')).toBe(expected.find((free) => free.id === slot.id)?.version);
      expect(extensions.some((extension) => extension.valueString === '(312) 555-0100')).toBe(true);
    }
    const services = lines(publication, 'Schedule').flatMap((schedule) =>
      (schedule.serviceType as { coding: { code: string }[] }[]).flatMap((type) =>
        type.coding.map((coding) => coding.code),
      ),
    );
    expect(new Set(services)).toEqual(new Set(['primary-care']));
  });

  it('answers a poll with the ETag 304, and a poll _since the last change with no outputs', async () => {
    const publication = await getPublication(deps, tenant);
    const first = manifestResponse(new Request(urls.request), publication, urls);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = manifestResponse(
      new Request(urls.request, { headers: { 'If-None-Match': etag } }),
      publication,
      urls,
    );
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const file = fileResponse(new Request(`${urls.filesBase}/slots.ndjson`), publication, 'Slot');
    expect(file.headers.get('content-type')).toContain('application/fhir+ndjson');
    const fileAgain = fileResponse(
      new Request(`${urls.filesBase}/slots.ndjson`, { headers: { 'If-None-Match': file.headers.get('etag') ?? '' } }),
      publication,
      'Slot',
    );
    expect(fileAgain.status).toBe(304);
    // A large clinic's files are tens of megabytes of NDJSON: sent compressed to clients that take gzip.
    const compressed = fileResponse(
      new Request(`${urls.filesBase}/slots.ndjson`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }),
      publication,
      'Slot',
    );
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(compressed.headers.get('vary')).toBe('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await compressed.arrayBuffer())).toString('utf8')).toBe(publication.files.Slot);
    expect(file.headers.get('content-encoding')).toBeNull();

    const since = (instant: string) =>
      manifestResponse(
        new Request(`${urls.request}?_since=${encodeURIComponent(instant)}`),
        publication,
        urls,
      ).json() as Promise<{
        output: unknown[];
      }>;
    expect((await since(new Date(Date.parse(publication.changedAt) + 1000).toISOString())).output).toEqual([]);
    expect((await since('2020-01-01T00:00:00Z')).output).toHaveLength(4);
    expect(() => manifestResponse(new Request(`${urls.request}?_since=yesterday`), publication, urls)).toThrow(
      AppError,
    );
  });

  it('a slot booked in the EHR leaves the next publication, with a new ETag and a later change time', async () => {
    const now = new Date();
    const before = await getPublication(deps, tenant, now);
    const taken = lines(before, 'Slot')[0];
    if (!taken) throw new Error('nothing published');
    const slot = await provider.getSlot(taken.id);
    const patient = (
      await provider.findPatientsByDemographics({ given: 'James', family: 'Carter', birthDate: '1975-09-30' })
    )[0];
    if (!patient) throw new Error('fixture patient missing');
    await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: patient.id });

    // Within the minute the same publication serves every poll; after it, the EHR is read again.
    expect((await getPublication(deps, tenant, new Date(now.getTime() + 1000))).etag).toBe(before.etag);
    const later = new Date(now.getTime() + PUBLICATION_TTL_MS + 1000);
    const after = await getPublication(deps, tenant, later);
    expect(after.etag).not.toBe(before.etag);
    expect(lines(after, 'Slot').map((item) => item.id)).not.toContain(taken.id);
    expect(Date.parse(after.changedAt)).toBeGreaterThan(Date.parse(before.changedAt));
  });

  it('keeps the last publication in service while the EHR cannot be read', async () => {
    const before = await getPublication(deps, tenant);
    const closedPort = await freePort();
    const down = createFhirProvider({
      ...tenant,
      fhirBaseUrl: `http://127.0.0.1:${closedPort}/fhir`,
      fhirAuth: { type: 'none' },
    });
    const later = new Date(Date.now() + 3 * PUBLICATION_TTL_MS);
    const during = await getPublication({ provider: down, appBaseUrl }, tenant, later);
    expect(during.etag).toBe(before.etag);
    expect(during.slotCount).toBe(before.slotCount);
  });

  it('a clinic that has not opted in publishes nothing (404)', async () => {
    const quiet = {
      ...tenant,
      id: crypto.randomUUID(),
      publicationSettings: { ...tenant.publicationSettings, enabled: false },
    };
    await expect(getPublication(deps, quiet)).rejects.toMatchObject({
      code: 'not_found',
      reason: 'clinic.notPublished',
    });
    expect(() => publishedTypeOf('patients.ndjson')).toThrow(AppError);
  });
});
