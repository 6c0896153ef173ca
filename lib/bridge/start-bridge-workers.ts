/**
 * The bridge in a worker process: every bridged clinic's MLLP listener, and every few seconds each
 * clinic's outbox delivered and its watched CSV folder imported. Also registers the outbound listener
 * on the app's appointment writes (call `registerBridgeOutbound` in every process that books).
 */
import { db } from '@/lib/db/client';
import { log } from '@/lib/logger';
import { onAppointmentWrite } from '@/lib/scheduling/appointment-writes';
import { loadBridgeContext } from './configure-bridge';
import { importCsvFolder } from './csv/import-csv-folder';
import { deliverOutbound } from './outbound/deliver-outbound';
import { outboundListener } from './outbound/enqueue-outbound-siu';
import { startClinicBridges } from './start-clinic-bridges';

// Once per process, whichever of Next's bundles calls it first (see lib/scheduling/appointment-writes.ts).
const globalForBridge = globalThis as typeof globalThis & { __bridgeOutboundRegistered?: boolean };

export function registerBridgeOutbound(): void {
  if (globalForBridge.__bridgeOutboundRegistered) return;
  globalForBridge.__bridgeOutboundRegistered = true;
  onAppointmentWrite(outboundListener(db()));
}

export async function startBridgeWorkers(everyMs = 5000): Promise<void> {
  const database = db();
  registerBridgeOutbound();
  await startClinicBridges(database);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      const rows = await database.clinicBridge.findMany({ select: { tenantId: true } });
      for (const { tenantId } of rows) {
        const context = await loadBridgeContext(database, tenantId);
        if (!context) continue;
        await deliverOutbound(context).catch((error: unknown) =>
          log().warn({ tenantId, err: error instanceof Error ? error.message : 'unknown' }, 'bridge outbox failed'),
        );
        await importCsvFolder(context).catch((error: unknown) =>
          log().warn({ tenantId, err: error instanceof Error ? error.message : 'unknown' }, 'bridge CSV folder failed'),
        );
      }
    })().finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
}
