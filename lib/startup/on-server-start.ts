/** Node.js start-up of the Next server: validate configuration, then start in-process workers. */
import { ConfigError, getConfig } from '@/lib/config';
import { log } from '@/lib/logger';

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
  if (workers === 'in-process') {
    const { startNotificationWorkers } = await import('@/lib/notify/get-notifier');
    await startNotificationWorkers().catch((error: unknown) =>
      log().error({ err: error }, 'notification workers failed to start'),
    );
    const { startChangeDetection } = await import('@/lib/sync/get-sync-queue');
    await startChangeDetection().catch((error: unknown) =>
      log().error({ err: error }, 'change detection workers failed to start'),
    );
    const { startEligibilityJobs } = await import('@/lib/insurance/eligibility-queue');
    await startEligibilityJobs().catch((error: unknown) =>
      log().error({ err: error }, 'eligibility workers failed to start'),
    );
  }
}
