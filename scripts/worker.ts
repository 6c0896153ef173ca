/**
 * `npm run worker`: notification and eligibility workers as their own process (scale-out). Start the web servers with
 * NOTIFY_WORKERS=off to leave all sending to processes like this one. Uses the same environment as
 * the server (DATABASE_URL etc.); for the embedded demo, run it beside `npm start`.
 */
import { ConfigError } from '@/lib/config';
import { startEligibilityJobs } from '@/lib/insurance/eligibility-queue';
import { startNotificationWorkers } from '@/lib/notify/get-notifier';
import { startChangeDetection } from '@/lib/sync/get-sync-queue';
import { startRetentionWorker } from '@/lib/retention/retention-jobs';
import { startBridgeWorkers } from '@/lib/bridge/start-bridge-workers';
import { embeddedAppDatabaseUrl } from '@/lib/db/database-server';
import { loadLauncherConfig, resolveSecretsKey, resolveSessionSecret } from './cli';

const launcher = loadLauncherConfig();
process.env.DATABASE_URL ??= embeddedAppDatabaseUrl(launcher);
process.env.NEXTAUTH_SECRET ??= resolveSessionSecret(launcher, !launcher.DATABASE_URL);
process.env.SECRETS_KEY ??= resolveSecretsKey(launcher, !launcher.DATABASE_URL);

Promise.all([
  startNotificationWorkers(),
  startEligibilityJobs(),
  startChangeDetection(),
  startRetentionWorker(),
  startBridgeWorkers(),
]).then(
  () => console.log('Notification, eligibility, change-detection and retention workers running. Ctrl-C to stop.'),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
