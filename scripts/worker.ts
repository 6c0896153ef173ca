/**
 * `npm run worker`: notification and eligibility workers as their own process (scale-out). Start the web servers with
 * NOTIFY_WORKERS=off to leave all sending to processes like this one. Uses the same environment as
 * the server (DATABASE_URL etc.); for the embedded demo, run it beside `npm start`.
 */
import { ConfigError } from '@/lib/config';
import { startEligibilityJobs } from '@/lib/insurance/eligibility-queue';
import { startNotificationWorkers } from '@/lib/notify/get-notifier';
import { startChangeDetection } from '@/lib/sync/get-sync-queue';
import { embeddedDatabaseUrl } from '@/lib/db/embedded-postgres';
import { APP_DATABASE } from '@/lib/db/database-server';
import { loadLauncherConfig, resolveSessionSecret } from './cli';

const launcher = loadLauncherConfig();
process.env.DATABASE_URL ??= embeddedDatabaseUrl(launcher.EMBEDDED_POSTGRES_PORT, APP_DATABASE);
process.env.NEXTAUTH_SECRET ??= resolveSessionSecret(launcher, !launcher.DATABASE_URL);

Promise.all([startNotificationWorkers(), startEligibilityJobs(), startChangeDetection()]).then(
  () => console.log('Notification, eligibility and change-detection workers running. Ctrl-C to stop.'),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
