/**
 * Live arrivals for the front-desk board, across replicas: each change is a `DeskEvent` row (the
 * replay log for boards that reconnect) plus a PostgreSQL NOTIFY, sent in the same transaction, so a
 * board on any replica hears of it as soon as it commits. Payloads carry ids and statuses only, no PHI.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { log } from '@/lib/logger';

export const DESK_CHANNEL = 'desk_events';

/** A visit's new status on the board; `moved`: the clinic moved it in the EHR (its time, maybe its day, changed). */
export const deskStatusSchema = z.enum(['arrived', 'checked-in', 'noshow', 'booked', 'cancelled', 'moved']);
export type DeskStatus = z.infer<typeof deskStatusSchema>;

export const deskEventSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  locationId: z.string(),
  appointmentId: z.string(),
  status: deskStatusSchema,
  method: z.enum(['geofence', 'qr', 'desk']).nullable(),
  createdAt: z.string(),
});
export type DeskEvent = z.infer<typeof deskEventSchema>;

type Transaction = Prisma.TransactionClient | Database;

function toEvent(row: {
  id: bigint;
  tenantId: string;
  locationId: string;
  appointmentId: string;
  status: string;
  method: string | null;
  createdAt: Date;
}): DeskEvent {
  return deskEventSchema.parse({ ...row, id: row.id.toString(), createdAt: row.createdAt.toISOString() });
}

/**
 * Records the change and notifies every replica when the surrounding transaction commits (callers
 * without one open a transaction for it: the lock below is held until commit). Events of one clinic
 * are written one transaction at a time (a transaction-scoped advisory lock, taken before the id is
 * drawn), so they commit in the order of their ids: a board that has seen event n never misses an
 * event below n that was still committing, which it would otherwise skip for good as already seen (two
 * desks acting at once, a check-in and a sync's notice in the same moment).
 */
export async function publishDeskEvent(
  tx: Transaction,
  event: {
    tenantId: string;
    locationId: string;
    appointmentId: string;
    status: DeskStatus;
    method?: 'geofence' | 'qr' | 'desk' | null;
  },
): Promise<DeskEvent> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${DESK_CHANNEL}), hashtext(${event.tenantId}))`;
  const row = await tx.deskEvent.create({
    data: {
      tenantId: event.tenantId,
      locationId: event.locationId,
      appointmentId: event.appointmentId,
      status: event.status,
      method: event.method ?? null,
    },
  });
  const published = toEvent(row);
  await tx.$executeRaw`SELECT pg_notify(${DESK_CHANNEL}, ${JSON.stringify(published)})`;
  return published;
}

/** Events after `afterId` for the given locations (all when `locationIds` is empty), oldest first. */
export async function listDeskEventsSince(
  database: Database,
  options: { tenantId: string; locationIds: readonly string[]; afterId: bigint; limit?: number },
): Promise<DeskEvent[]> {
  const rows = await database.deskEvent.findMany({
    where: {
      tenantId: options.tenantId,
      id: { gt: options.afterId },
      ...(options.locationIds.length > 0 ? { locationId: { in: [...options.locationIds] } } : {}),
    },
    orderBy: { id: 'asc' },
    take: options.limit ?? 500,
  });
  return rows.map(toEvent);
}

/** The id of the newest event, so that a fresh board starts from "now". */
export async function latestDeskEventId(database: Database, tenantId: string): Promise<bigint> {
  const row = await database.deskEvent.findFirst({
    where: { tenantId },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  return row?.id ?? 0n;
}

/** How often the LISTEN connection is probed, so that a silently dead connection is noticed. */
const KEEPALIVE_MS = 20_000;

export interface DeskSubscription {
  /** Called after the LISTEN connection was lost and is back: events may have been missed meanwhile. */
  onResync?: () => void;
}

/**
 * One LISTEN connection per process, fanning notifications out to subscribers. The connection is
 * probed every {@link KEEPALIVE_MS}, an unanswered probe counting as a lost connection (and it has
 * TCP keepalive), reconnects with backoff when it drops,
 * and then tells every subscriber to resync (NOTIFYs sent while it was away are lost; the replay log
 * has them).
 */
export class DeskEventHub {
  private readonly emitter = new EventEmitter();
  private readonly resyncListeners = new Set<() => void>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private keepalive: NodeJS.Timeout | null = null;
  private closed = false;
  private lost = false;
  private retryDelayMs = 500;

  /** `applicationName` names the LISTEN connection in pg_stat_activity; `keepaliveMs` is for tests. */
  constructor(
    private readonly databaseUrl: string,
    private readonly applicationName = 'desk-event-hub',
    private readonly keepaliveMs = KEEPALIVE_MS,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener` for each event of the tenant; returns the unsubscribe function. */
  async subscribe(
    tenantId: string,
    listener: (event: DeskEvent) => void,
    subscription: DeskSubscription = {},
  ): Promise<() => void> {
    await this.ensureConnected();
    this.emitter.on(tenantId, listener);
    const onResync = subscription.onResync;
    if (onResync) this.resyncListeners.add(onResync);
    return () => {
      this.emitter.off(tenantId, listener);
      if (onResync) this.resyncListeners.delete(onResync);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopKeepalive();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private connectionLost(client: pg.Client, error: unknown): void {
    if (this.client !== client && this.client !== null) return;
    if (this.lost && this.client === null) return;
    log().warn({ err: error }, 'desk event listener connection lost; reconnecting');
    this.lost = true;
    this.client = null;
    this.stopKeepalive();
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      application_name: this.applicationName,
    });
    client.on('notification', (message) => {
      if (message.channel !== DESK_CHANNEL || !message.payload) return;
      const parsed = deskEventSchema.safeParse(JSON.parse(message.payload));
      if (parsed.success) this.emitter.emit(parsed.data.tenantId, parsed.data);
    });
    client.on('error', (error) => this.connectionLost(client, error));
    client.on('end', () => {
      if (!this.closed) this.connectionLost(client, new Error('connection ended'));
    });
    await client.connect();
    await client.query(`LISTEN ${DESK_CHANNEL}`);
    this.client = client;
    this.retryDelayMs = 500;
    this.startKeepalive(client);
    if (this.lost) {
      this.lost = false;
      for (const resync of [...this.resyncListeners]) resync();
    }
  }

  /**
   * Every {@link keepaliveMs}, `SELECT 1` on the LISTEN connection; no answer within the same time
   * (a connection gone silently dead: a NAT or firewall dropped it, the server froze) counts as lost,
   * as an error does. One probe at a time, so a stalled one is never queued behind.
   */
  private startKeepalive(client: pg.Client): void {
    this.stopKeepalive();
    let probing = false;
    this.keepalive = setInterval(() => {
      if (probing) return;
      probing = true;
      const deadline = setTimeout(
        () => this.connectionLost(client, new Error('keepalive probe unanswered')),
        this.keepaliveMs,
      );
      deadline.unref();
      client.query('SELECT 1').then(
        () => {
          probing = false;
          clearTimeout(deadline);
        },
        (error: unknown) => {
          clearTimeout(deadline);
          this.connectionLost(client, error);
        },
      );
    }, this.keepaliveMs);
    this.keepalive.unref();
  }

  private stopKeepalive(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 15_000);
    setTimeout(() => {
      if (!this.closed && this.emitter.eventNames().length > 0)
        void this.ensureConnected().catch(() => this.scheduleReconnect());
    }, delay).unref();
  }
}

/**
 * Follows a clinic's desk events from `afterId` on, for one board's stream: subscribes first, then
 * replays the log (so nothing falls between the two), then passes live events; after the hub lost
 * and regained its connection, replays what came meanwhile. Each event reaches `onEvent` once, in
 * order of id. Returns the stop function.
 */
export async function followDeskEvents(options: {
  database: Database;
  hub: DeskEventHub;
  tenantId: string;
  /** The staff user's locations; empty means all. */
  locationIds: readonly string[];
  afterId: bigint;
  onEvent: (event: DeskEvent) => void;
}): Promise<() => void> {
  const { database, tenantId, locationIds } = options;
  let lastSent = options.afterId;
  let replaying = 0;
  const buffered: DeskEvent[] = [];
  const deliver = (event: DeskEvent): void => {
    const id = BigInt(event.id);
    if (id <= lastSent) return;
    if (locationIds.length > 0 && !locationIds.includes(event.locationId)) return;
    lastSent = id;
    options.onEvent(event);
  };
  const replay = async (): Promise<void> => {
    replaying += 1;
    try {
      for (;;) {
        const missed = await listDeskEventsSince(database, { tenantId, locationIds, afterId: lastSent });
        missed.forEach(deliver);
        if (missed.length < 500) break;
      }
    } finally {
      replaying -= 1;
      if (replaying === 0) buffered.splice(0).forEach(deliver);
    }
  };
  replaying += 1;
  const unsubscribe = await options.hub.subscribe(
    tenantId,
    (event) => (replaying > 0 ? buffered.push(event) : deliver(event)),
    {
      onResync: () => {
        void replay().catch((error: unknown) => log().warn({ err: error }, 'desk event replay failed'));
      },
    },
  );
  replaying -= 1;
  try {
    await replay();
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return unsubscribe;
}

const globalForHub = globalThis as typeof globalThis & { __deskEventHub?: DeskEventHub };

export function deskEventHub(databaseUrl: string): DeskEventHub {
  globalForHub.__deskEventHub ??= new DeskEventHub(databaseUrl);
  return globalForHub.__deskEventHub;
}
