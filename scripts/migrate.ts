/** `npm run db:migrate`: applies pending migrations to the app database (idempotent). */
import { loadLauncherConfig, openMigratedDatabase, runCli } from './cli';

void runCli(async () => {
  const { close } = await openMigratedDatabase(loadLauncherConfig());
  console.log('Database schema is up to date.');
  await close();
});
