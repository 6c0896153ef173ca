import { describe, expect, inject, it } from 'vitest';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { deskEventStream, HEARTBEAT_MS } from './desk-event-stream';
import { DeskEventHub, latestDeskEventId, publishDeskEvent } from './desk-events';

const database = testDatabase();

/** Reads the stream's text until `until` matches (or 5 s pass). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: RegExp, seen = ''): Promise<string> {
  const decoder = new TextDecoder();
  const deadline = Date.now() + 5000;
  let text = seen;
  while (!until.test(text)) {
    if (Date.now() > deadline) throw new Error(`not seen within 5 s: ${until}; got ${JSON.stringify(text)}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${until}; got ${JSON.stringify(text)}`);
    text += decoder.decode(value);
  }
  return text;
}

describe('the front-desk event stream', () => {
  it('sends a heartbeat while quiet, the desk events as they come, and ends when the board leaves', async () => {
    expect(HEARTBEAT_MS).toBeLessThanOrEqual(30_000);
    const tenant = await createTenant(database, {
      slug: uniqueSlug('stream'),
      displayName: 'Stream Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const hub = new DeskEventHub(inject('databaseUrl'));
    const board = new AbortController();
    try {
      const stream = deskEventStream({
        database,
        hub,
        tenantId: tenant.id,
        locationIds: ['loc-1'],
        afterId: await latestDeskEventId(database, tenant.id),
        signal: board.signal,
        heartbeatMs: 100,
      });
      const reader = stream.getReader();
      let text = await readUntil(reader, /: connected\n\n/);
      expect(text).toMatch(/^retry: 2000\n/);
      // Nothing happens at the desk: the connection still carries a comment now and then.
      text = await readUntil(reader, /: heartbeat\n\n[\s\S]*: heartbeat\n\n/, text);
      expect(text).not.toContain('event: desk');

      const published = await database.$transaction((tx) =>
        publishDeskEvent(tx, { tenantId: tenant.id, locationId: 'loc-1', appointmentId: 'appt-1', status: 'arrived' }),
      );
      text = await readUntil(reader, /event: desk\ndata: .*\n\n/, text);
      expect(text).toContain(`id: ${published.id}\nevent: desk\ndata: ${JSON.stringify(published)}\n\n`);

      board.abort();
      for (;;) {
        const { done } = await reader.read();
        if (done) break;
      }
    } finally {
      await hub.close();
    }
  });
});
