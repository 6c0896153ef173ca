/**
 * A benchmark's own PostgreSQL: the embedded test server (or TEST_DATABASE_SERVER_URL's) with a freshly
 * migrated, throwaway app database on it, dropped again by `close`.
 */
import { dropDatabase, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { createDatabase, type Database } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/schema-engine';
import { startTestPostgres, throwawayDatabaseName } from '@/lib/testing/test-postgres';

export interface BenchDatabase {
  /** The server, for sibling databases (the FHIR sandbox's). */
  serverUrl: string;
  databaseUrl: string;
  database: Database;
  /** Disconnects, drops the database and stops the server (when this process started it). */
  close: () => Promise<void>;
}

export async function openBenchDatabase(label: string): Promise<BenchDatabase> {
  const postgres = await startTestPostgres();
  const name = throwawayDatabaseName(`bench_${label}`);
  await ensureDatabase(postgres.serverUrl, name);
  const databaseUrl = withDatabase(postgres.serverUrl, name);
  await applyMigrations(databaseUrl);
  const database = createDatabase(databaseUrl);
  return {
    serverUrl: postgres.serverUrl,
    databaseUrl,
    database,
    close: async () => {
      await database.$disconnect();
      await dropDatabase(postgres.serverUrl, name).catch(() => undefined);
      await postgres.stop();
    },
  };
}
