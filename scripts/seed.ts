/** `npm run db:seed`: creates the demo clinic if it is missing (idempotent). */
import { seedDemo } from '@/lib/demo/seed-demo';
import { loadLauncherConfig, openMigratedDatabase, runCli } from './cli';

void runCli(async () => {
  const config = loadLauncherConfig();
  const { server, database, close } = await openMigratedDatabase(config);
  const { tenant, created, fhirResources } = await seedDemo(database, config.APP_BASE_URL, server.sandboxDatabaseUrl);
  console.log(
    created
      ? `Created demo clinic "${tenant.displayName}" at /${tenant.slug}`
      : `Demo clinic already present at /${tenant.slug}`,
  );
  if (fhirResources > 0) console.log(`Seeded the FHIR sandbox with ${fhirResources} resources`);
  await close();
});
