/** Node.js start-up of the Next server: validate configuration, then start in-process workers. */
import { ConfigError, getConfig } from '@/lib/config';

export async function onServerStart(): Promise<void> {
  let workers: string;
  try {
    workers = getConfig().NOTIFY_WORKERS;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nStart the app with \`npm start\` to run it with an embedded database.`);
      process.exit(1);
    }
    throw error;
  }
  // The app's bookings of bridged clinics go to their legacy EHR (lib/bridge): the outbox is filled here.
  const { registerBridgeOutbound, startBridgeWorkers } = await import('@/lib/bridge/start-bridge-workers');
  registerBridgeOutbound();
  if (workers === 'in-process') {
    const { startWorkerWithRetry } = await import('@/lib/jobs/worker-status');
    const { startNotificationWorkers } = await import('@/lib/notify/get-notifier');
    const { startChangeDetection } = await import('@/lib/sync/get-sync-queue');
    const { startEligibilityJobs } = await import('@/lib/insurance/eligibility-queue');
    const { startRetentionWorker } = await import('@/lib/retention/retention-jobs');
    // Each retries on its own until it runs (PostgreSQL may be down while the server starts).
    await startWorkerWithRetry('notifications', startNotificationWorkers);
    await startWorkerWithRetry('eligibility', startEligibilityJobs);
    await startWorkerWithRetry('change-detection', startChangeDetection);
    await startWorkerWithRetry('retention', startRetentionWorker);
    await startWorkerWithRetry('legacy-ehr-bridge', () => startBridgeWorkers());
  }
}
