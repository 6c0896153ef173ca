/**
 * Contract suite for what a server refuses: impossible dates, an Appointment or a Slot that ends
 * before it starts, oversized values, bodies and Bundles. Each refusal must be a 4xx with an
 * OperationOutcome, at once, with nothing stored. The size limits are the sandbox's own (declared in
 * its CapabilityStatement); against another server (FHIR_CONTRACT_BASE_URL) they are skipped.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_BUNDLE_ENTRIES, MAX_BUNDLE_READS } from '@/lib/fhir-server/limits';
import type { ContractClient, FhirReply } from './fhir-client';
import { contractTargetKinds, openContractTargets, type ContractTargets } from './targets';

type Json = Record<string, unknown>;
type Outcome = { resourceType: string; issue?: { severity: string; diagnostics?: string; expression?: string[] }[] };

const markerSystem = 'https://contract.example/limits-marker';

function marked(resource: Json, marker: string): Json {
  return { ...resource, identifier: [{ system: markerSystem, value: marker }] };
}

function expectOutcome(reply: FhirReply<Outcome>, status: number, mentions: RegExp): void {
  expect(reply.status, JSON.stringify(reply.body).slice(0, 500)).toBe(status);
  expect(reply.body.resourceType).toBe('OperationOutcome');
  const text = (reply.body.issue ?? []).map((item) => `${item.diagnostics ?? ''} ${(item.expression ?? []).join(' ')}`);
  expect(text.join(' | ')).toMatch(mentions);
}

describe.each(contractTargetKinds())('FHIR server limits and validation (%s)', (kind) => {
  let targets: ContractTargets;
  let fhir: ContractClient;
  const sandboxOnly = kind === 'external' ? it.skip : it;

  beforeAll(async () => {
    targets = await openContractTargets(inject('databaseServerUrl'), kind);
    ({ fhir } = targets);
  });

  afterAll(async () => {
    await targets.close();
  });

  async function storedWithMarker(type: string, marker: string): Promise<number> {
    return fhir.count(`/${type}?identifier=${encodeURIComponent(`${markerSystem}|${marker}`)}`);
  }

  async function schedule(): Promise<string> {
    const reply = await fhir.request<{ id: string }>('POST', '/Schedule', {
      body: { resourceType: 'Schedule', actor: [{ reference: 'Practitioner/x' }] },
    });
    expect(reply.status).toBe(201);
    return reply.body.id;
  }

  it('refuses an impossible birth date (2026-02-30) and stores nothing', async () => {
    const marker = `feb30-${crypto.randomUUID()}`;
    const reply = await fhir.request<Outcome>('POST', '/Patient', {
      body: marked({ resourceType: 'Patient', name: [{ family: 'Doe' }], birthDate: '2026-02-30' }, marker),
    });
    expectOutcome(reply, 400, /birthDate/);
    expect(await storedWithMarker('Patient', marker)).toBe(0);
  });

  it('refuses an Appointment that ends before it starts, created or updated, and keeps the stored one', async () => {
    const marker = `appt-${crypto.randomUUID()}`;
    const appointment = marked(
      {
        resourceType: 'Appointment',
        status: 'booked',
        start: '2031-03-01T15:00:00Z',
        end: '2031-03-01T14:30:00Z',
        participant: [{ actor: { reference: 'Practitioner/x' }, status: 'accepted' }],
      },
      marker,
    );
    expectOutcome(await fhir.request<Outcome>('POST', '/Appointment', { body: appointment }), 400, /end/);
    expect(await storedWithMarker('Appointment', marker)).toBe(0);

    const created = await fhir.request<Json & { id: string }>('POST', '/Appointment', {
      body: { ...appointment, end: '2031-03-01T15:30:00Z' },
    });
    expect(created.status).toBe(201);
    const update = await fhir.request<Outcome>('PUT', `/Appointment/${created.body.id}`, {
      body: { ...created.body, end: '2031-03-01T14:00:00Z' },
    });
    expectOutcome(update, 400, /end/);
    const read = await fhir.request<{ end: string }>('GET', `/Appointment/${created.body.id}`);
    expect(read.body.end).toBe('2031-03-01T15:30:00Z');
  });

  it('refuses a Slot that ends before it starts, also inside a transaction (nothing of it written)', async () => {
    const marker = `slot-${crypto.randomUUID()}`;
    const scheduleId = await schedule();
    const slot = (end: string): Json =>
      marked(
        {
          resourceType: 'Slot',
          schedule: { reference: `Schedule/${scheduleId}` },
          status: 'free',
          start: '2031-03-02T15:00:00Z',
          end,
        },
        marker,
      );
    expectOutcome(await fhir.request<Outcome>('POST', '/Slot', { body: slot('2031-03-02T14:00:00Z') }), 400, /end/);
    const transaction = await fhir.request<Outcome>('POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: slot('2031-03-02T15:30:00Z'), request: { method: 'POST', url: 'Slot' } },
          { resource: slot('2031-03-02T14:59:00Z'), request: { method: 'POST', url: 'Slot' } },
        ],
      },
    });
    expect(transaction.status).toBeGreaterThanOrEqual(400);
    expect(transaction.status).toBeLessThan(500);
    expect(await fhir.count(`/Slot?schedule=Schedule/${scheduleId}`)).toBe(0);
  });

  sandboxOnly('refuses a name of 1 MB with 400 naming the element, and stores nothing', async () => {
    const marker = `long-${crypto.randomUUID()}`;
    const reply = await fhir.request<Outcome>('POST', '/Patient', {
      body: marked({ resourceType: 'Patient', name: [{ family: 'x'.repeat(1024 * 1024) }] }, marker),
    });
    expectOutcome(reply, 400, /name/);
    expect(await storedWithMarker('Patient', marker)).toBe(0);
  });

  sandboxOnly('refuses a body over the limit with 413, whether or not it declares its length', async () => {
    const marker = `big-${crypto.randomUUID()}`;
    const body = JSON.stringify(
      marked({ resourceType: 'Patient', name: [{ family: 'Big' }], text: 'x'.repeat(MAX_BODY_BYTES + 10) }, marker),
    );
    expectOutcome(await fhir.request<Outcome>('POST', '/Patient', { rawBody: body }), 413, /larger than/);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const chunked = await fetch(`${fhir.target.baseUrl}/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', authorization: fhir.authorization() },
      body: streamed,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(chunked.status).toBe(413);
    expect(await storedWithMarker('Patient', marker)).toBe(0);
  });

  sandboxOnly('refuses a Bundle of 5,000 reads, or of too many entries, at once, before running any', async () => {
    const get = { request: { method: 'GET', url: 'Patient?_count=200' } };
    const deleteMissing = { request: { method: 'DELETE', url: 'Patient/none-such' } };
    const oversized: [Json[], RegExp][] = [
      [Array.from({ length: 5000 }, () => get), /at most \d+ per Bundle/],
      [Array.from({ length: MAX_BUNDLE_READS + 1 }, () => get), new RegExp(`at most ${MAX_BUNDLE_READS} per Bundle`)],
      [
        Array.from({ length: MAX_BUNDLE_ENTRIES + 1 }, () => deleteMissing),
        new RegExp(`at most ${MAX_BUNDLE_ENTRIES} per Bundle`),
      ],
    ];
    for (const type of ['transaction', 'batch'])
      for (const [entry, message] of oversized) {
        const started = performance.now();
        const reply = await fhir.request<Outcome>('POST', '', { body: { resourceType: 'Bundle', type, entry } });
        expectOutcome(reply, 413, message);
        expect(performance.now() - started).toBeLessThan(3000);
      }
    const withinLimits = await fhir.request<{ entry: unknown[] }>('POST', '', {
      body: { resourceType: 'Bundle', type: 'batch', entry: Array.from({ length: MAX_BUNDLE_READS }, () => get) },
    });
    expect(withinLimits.status).toBe(200);
    expect(withinLimits.body.entry).toHaveLength(MAX_BUNDLE_READS);
  });

  it('still takes a sound leap-day birth date and a Period ending the day it starts', async () => {
    const reply = await fhir.request('POST', '/Patient', {
      body: {
        resourceType: 'Patient',
        name: [{ family: 'Leap' }],
        birthDate: '2024-02-29',
        contact: [{ name: { family: 'Kin' }, period: { start: '2024-03-01', end: '2024-03-01' } }],
      },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  });
});
