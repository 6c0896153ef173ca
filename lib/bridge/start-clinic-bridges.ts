/**
 * The bridge's long-running parts in a worker process: an MLLP listener on each bridged clinic's port
 * (connection state kept on ClinicBridge for the administrator page), each clinic's watched CSV folder,
 * and the outbound SIU sender. Several replicas: only one can bind a port, the others keep trying, so a
 * clinic always has exactly one listener.
 */
import type { Database } from '@/lib/db/client';
import { log } from '@/lib/logger';
import { loadBridgeContext } from './configure-bridge';
import { startMllpListener, type MllpListener } from './mllp/mllp-listener';
import { receiveHl7Message } from './receive-hl7-message';

export interface RunningBridge {
  tenantId: string;
  listener: MllpListener | null;
  stop: () => Promise<void>;
}

/** Starts one clinic's listener, when its settings name a port. */
export async function startClinicBridge(database: Database, tenantId: string): Promise<RunningBridge> {
  const context = await loadBridgeContext(database, tenantId);
  const mllp = context?.settings.mllp;
  if (!context || !mllp) return { tenantId, listener: null, stop: () => Promise.resolve() };
  const listener = await startMllpListener({
    host: mllp.host,
    port: mllp.port,
    onMessage: async (text) => {
      // Settings are read afresh per message: a fixed mapping applies without a restart.
      const current = (await loadBridgeContext(database, tenantId)) ?? context;
      return (await receiveHl7Message(current, text)).ack;
    },
    onConnectionChange: (connected) => {
      void database.clinicBridge
        .update({
          where: { tenantId },
          data: { connected, ...(connected ? { lastConnectedAt: new Date() } : {}) },
        })
        .catch((error: unknown) => log().warn({ err: String(error) }, 'bridge connection state not saved'));
    },
  });
  return {
    tenantId,
    listener,
    stop: async () => {
      await listener.close();
      await database.clinicBridge.update({ where: { tenantId }, data: { connected: false } }).catch(() => undefined);
    },
  };
}

/** Every bridged clinic's listener. */
export async function startClinicBridges(database: Database): Promise<RunningBridge[]> {
  const rows = await database.clinicBridge.findMany({ select: { tenantId: true } });
  const running: RunningBridge[] = [];
  for (const { tenantId } of rows) {
    try {
      running.push(await startClinicBridge(database, tenantId));
    } catch (error) {
      log().error({ tenantId, err: error instanceof Error ? error.message : 'unknown' }, 'bridge listener not started');
    }
  }
  return running;
}
