import { createServer, connect, type Server, type Socket } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import pg from 'pg';
import {
  DeskEventHub,
  followDeskEvents,
  latestDeskEventId,
  listDeskEventsSince,
  publishDeskEvent,
  type DeskEvent,
} from './desk-events';

const database = testDatabase();

/** Subscribes (LISTEN is in place when this resolves) and gives the promise of the next event. */
async function nextEvent(hub: DeskEventHub, tenantId: string): Promise<{ event: Promise<DeskEvent> }> {
  let resolveEvent: (event: DeskEvent) => void = () => undefined;
  const event = new Promise<DeskEvent>((resolve, reject) => {
    resolveEvent = resolve;
    setTimeout(() => reject(new Error('no event within 5 s')), 5000).unref();
  });
  await hub.subscribe(tenantId, (received) => resolveEvent(received));
  return { event };
}

describe('front-desk events', () => {
  it('reach every replica once the transaction commits, and only the right clinic', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('desk'),
      displayName: 'Desk Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const other = await createTenant(database, {
      slug: uniqueSlug('desk'),
      displayName: 'Other Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const replicaA = new DeskEventHub(inject('databaseUrl'));
    const replicaB = new DeskEventHub(inject('databaseUrl'));
    const otherClinicEvents: DeskEvent[] = [];
    try {
      await replicaA.subscribe(other.id, (event) => otherClinicEvents.push(event));
      const seenByA = await nextEvent(replicaA, tenant.id);
      const seenByB = await nextEvent(replicaB, tenant.id);
      const published = await database.$transaction((tx) =>
        publishDeskEvent(tx, {
          tenantId: tenant.id,
          locationId: 'loc-1',
          appointmentId: 'appt-1',
          status: 'arrived',
          method: 'geofence',
        }),
      );
      expect(await seenByA.event).toEqual(published);
      expect(await seenByB.event).toEqual(published);
      expect(otherClinicEvents).toEqual([]);
    } finally {
      await replicaA.close();
      await replicaB.close();
    }
  });

  it('are not sent when the transaction rolls back', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('desk'),
      displayName: 'Desk Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const before = await latestDeskEventId(database, tenant.id);
    await expect(
      database.$transaction(async (tx) => {
        await publishDeskEvent(tx, {
          tenantId: tenant.id,
          locationId: 'loc-1',
          appointmentId: 'appt-2',
          status: 'arrived',
          method: 'qr',
        });
        throw new Error('EHR refused the status change');
      }),
    ).rejects.toThrow('EHR refused');
    expect(await listDeskEventsSince(database, { tenantId: tenant.id, locationIds: [], afterId: before })).toEqual([]);
  });

  it('replay in order after a given id, filtered by the board’s locations', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('desk'),
      displayName: 'Desk Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const first = await database.$transaction((tx) =>
      publishDeskEvent(tx, {
        tenantId: tenant.id,
        locationId: 'loc-1',
        appointmentId: 'a1',
        status: 'arrived',
        method: 'geofence',
      }),
    );
    await database.$transaction((tx) =>
      publishDeskEvent(tx, {
        tenantId: tenant.id,
        locationId: 'loc-2',
        appointmentId: 'a2',
        status: 'arrived',
        method: 'qr',
      }),
    );
    await database.$transaction((tx) =>
      publishDeskEvent(tx, {
        tenantId: tenant.id,
        locationId: 'loc-1',
        appointmentId: 'a1',
        status: 'checked-in',
        method: null,
      }),
    );
    const replay = await listDeskEventsSince(database, {
      tenantId: tenant.id,
      locationIds: ['loc-1'],
      afterId: BigInt(first.id),
    });
    expect(replay.map((event) => [event.appointmentId, event.status])).toEqual([['a1', 'checked-in']]);
    const all = await listDeskEventsSince(database, { tenantId: tenant.id, locationIds: [], afterId: 0n });
    expect(all.map((event) => event.status)).toEqual(['arrived', 'arrived', 'checked-in']);
  });

  it('reach a following board when two desks act at once and the earlier event commits last', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('desk'),
      displayName: 'Desk Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const hub = new DeskEventHub(inject('databaseUrl'));
    const received: DeskEvent[] = [];
    const stop = await followDeskEvents({
      database,
      hub,
      tenantId: tenant.id,
      locationIds: [],
      afterId: await latestDeskEventId(database, tenant.id),
      onEvent: (event) => received.push(event),
    });
    try {
      let written: () => void = () => undefined;
      const firstWritten = new Promise<void>((resolve) => (written = resolve));
      // The first desk's transaction has its event row, then is slow to commit (a busy machine).
      const slow = database.$transaction(async (tx) => {
        const event = await publishDeskEvent(tx, {
          tenantId: tenant.id,
          locationId: 'loc-1',
          appointmentId: 'noshow-undone',
          status: 'booked',
        });
        written();
        await new Promise((resolve) => setTimeout(resolve, 500));
        return event;
      });
      await firstWritten;
      const quick = database.$transaction((tx) =>
        publishDeskEvent(tx, {
          tenantId: tenant.id,
          locationId: 'loc-1',
          appointmentId: 'arrival',
          status: 'arrived',
          method: 'qr',
        }),
      );
      const published = await Promise.all([slow, quick]);
      await expect.poll(() => received.length, { timeout: 5000 }).toBe(2);
      expect(received).toEqual(published);
    } finally {
      stop();
      await hub.close();
    }
  });

  it('reach an open board that was following while the LISTEN connection dropped, once each and in order', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('desk'),
      displayName: 'Desk Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const applicationName = `desk-hub-${uniqueSlug('test')}`;
    // The hub runs as the app role, as on a web server.
    const hub = new DeskEventHub(inject('appDatabaseUrl'), applicationName);
    const received: DeskEvent[] = [];
    const publish = (appointmentId: string): Promise<DeskEvent> =>
      database.$transaction((tx) =>
        publishDeskEvent(tx, { tenantId: tenant.id, locationId: 'loc-1', appointmentId, status: 'arrived' }),
      );
    const before = await publish('before-board-opened');
    const stop = await followDeskEvents({
      database,
      hub,
      tenantId: tenant.id,
      locationIds: [],
      afterId: BigInt(before.id),
      onEvent: (event) => received.push(event),
    });
    try {
      await publish('live');
      await expect.poll(() => received.map((event) => event.appointmentId)).toEqual(['live']);
      const admin = new pg.Client({ connectionString: inject('databaseUrl') });
      await admin.connect();
      try {
        const killed = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        );
        expect(killed.rowCount).toBe(1);
      } finally {
        await admin.end();
      }
      // Published while the hub is reconnecting: its NOTIFY reaches nobody.
      await publish('during-outage-1');
      await publish('during-outage-2');
      await expect
        .poll(() => received.map((event) => event.appointmentId), { timeout: 10_000 })
        .toEqual(['live', 'during-outage-1', 'during-outage-2']);
      await publish('after-reconnect');
      await expect
        .poll(() => received.map((event) => event.appointmentId))
        .toEqual(['live', 'during-outage-1', 'during-outage-2', 'after-reconnect']);
    } finally {
      stop();
      await hub.close();
    }
  });

  it('notice a LISTEN connection that went silently dead (no error, no answer) and resync the board', async () => {
    const tenant = await createTenant(database, {
      slug: uniqueSlug('desk'),
      displayName: 'Desk Clinic',
      timeZone: 'UTC',
      fhirBaseUrl: 'https://ehr.example/R4',
      mrnSystem: 'urn:oid:1',
    });
    const relay = await silenceableRelay(new URL(inject('appDatabaseUrl')));
    const viaRelay = new URL(inject('appDatabaseUrl'));
    viaRelay.host = `127.0.0.1:${relay.port}`;
    const hub = new DeskEventHub(viaRelay.toString(), `desk-hub-${uniqueSlug('silent')}`, 200);
    const received: string[] = [];
    const publish = (appointmentId: string): Promise<DeskEvent> =>
      database.$transaction((tx) =>
        publishDeskEvent(tx, { tenantId: tenant.id, locationId: 'loc-1', appointmentId, status: 'arrived' }),
      );
    const stop = await followDeskEvents({
      database,
      hub,
      tenantId: tenant.id,
      locationIds: [],
      afterId: await latestDeskEventId(database, tenant.id),
      onEvent: (event) => received.push(event.appointmentId),
    });
    try {
      await publish('live');
      await expect.poll(() => received).toEqual(['live']);
      // The network drops the connection without telling either end: nothing arrives, nothing fails.
      relay.silenceOpenConnections();
      await publish('while-silent');
      // The unanswered probe gives it up; the new connection's resync replays what was missed.
      await expect.poll(() => received, { timeout: 10_000 }).toEqual(['live', 'while-silent']);
      await publish('after');
      await expect.poll(() => received).toEqual(['live', 'while-silent', 'after']);
      expect(relay.connections()).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
      await hub.close();
      relay.close();
    }
  });
});

/** A TCP relay to PostgreSQL whose open connections can be made to go silent (a dropped NAT mapping). */
async function silenceableRelay(target: URL): Promise<{
  port: number;
  silenceOpenConnections: () => void;
  connections: () => number;
  close: () => void;
}> {
  const open = new Set<{ client: Socket; upstream: Socket }>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const pair = { client, upstream };
    open.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const forget = (): void => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('relay has no port');
  return {
    port: address.port,
    silenceOpenConnections: () => {
      for (const { client, upstream } of open) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      open.clear();
    },
    connections: () => accepted,
    close: () => {
      server.close();
    },
  };
}
