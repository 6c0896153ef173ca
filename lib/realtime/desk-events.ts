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

export const deskStatusSchema = z.enum(['arrived', 'checked-in', 'noshow', 'booked', 'cancelled']);
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

/** Records the change and notifies every replica when the surrounding transaction commits. */
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

/**
 * One LISTEN connection per process, fanning notifications out to subscribers. Reconnects with backoff
 * when the connection drops; subscribers catch up from the replay log on their side.
 */
export class DeskEventHub {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retryDelayMs = 500;

  constructor(private readonly databaseUrl: string) {
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener` for each event of the tenant; returns the unsubscribe function. */
  async subscribe(tenantId: string, listener: (event: DeskEvent) => void): Promise<() => void> {
    await this.ensureConnected();
    this.emitter.on(tenantId, listener);
    return () => {
      this.emitter.off(tenantId, listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
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

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel !== DESK_CHANNEL || !message.payload) return;
      const parsed = deskEventSchema.safeParse(JSON.parse(message.payload));
      if (parsed.success) this.emitter.emit(parsed.data.tenantId, parsed.data);
    });
    client.on('error', (error) => {
      log().warn({ err: error }, 'desk event listener connection failed; reconnecting');
      this.client = null;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${DESK_CHANNEL}`);
    this.client = client;
    this.retryDelayMs = 500;
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

const globalForHub = globalThis as typeof globalThis & { __deskEventHub?: DeskEventHub };

export function deskEventHub(databaseUrl: string): DeskEventHub {
  globalForHub.__deskEventHub ??= new DeskEventHub(databaseUrl);
  return globalForHub.__deskEventHub;
}
