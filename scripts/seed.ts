/** `npm run db:seed`: creates the demo clinic if it is missing (idempotent). */
import { seedDemo } from '@/lib/demo/seed-demo';
import { loadLauncherConfig, openMigratedDatabase, runCli } from './cli';

void runCli(async () => {
  const config = loadLauncherConfig();
  const { database, close } = await openMigratedDatabase(config);
  const { tenant, created } = await seedDemo(database, config.APP_BASE_URL);
  console.log(created ? `Created demo clinic "${tenant.displayName}" at /${tenant.slug}` : `Demo clinic already present at /${tenant.slug}`);
  await close();
});
