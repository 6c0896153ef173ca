/**
 * Vitest global setup for *.int.test.ts: one throwaway, migrated app database per run, on a real
 * PostgreSQL. Tests reach it with `inject('databaseUrl')` (see ./database.ts).
 */
import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { applyMigrations } from '@/lib/db/schema-engine';
import { createTestAppRole, startTestPostgres, throwawayDatabaseName } from './test-postgres';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  const name = throwawayDatabaseName('app_test');
  await ensureDatabase(postgres.serverUrl, name);
  const databaseUrl = withDatabase(postgres.serverUrl, name);
  await applyMigrations(databaseUrl);
  const appRole = await createTestAppRole(postgres.serverUrl, databaseUrl, name);
  project.provide('databaseUrl', databaseUrl);
  project.provide('appDatabaseUrl', appRole.url);
  project.provide('databaseServerUrl', postgres.serverUrl);
  return async () => {
    await dropDatabase(postgres.serverUrl, name);
    await appRole.drop();
    await postgres.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's migrated app database, as its owner (for test setup). */
    databaseUrl: string;
    /** The same database as the app's own role (lib/db/app-role.ts), as the app connects to it. */
    appDatabaseUrl: string;
    /** The server it lives on (maintenance database), for tests that need their own database. */
    databaseServerUrl: string;
  }
}
