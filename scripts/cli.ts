/** Small helpers shared by the command-line scripts: config, database, and failing with a clear message. */
import { ConfigError, parseLauncherConfig, type LauncherConfig } from '@/lib/config';
import { createDatabase, type Database } from '@/lib/db/client';
import { openDatabaseServer, type DatabaseServer } from '@/lib/db/database-server';
import { applyMigrations } from '@/lib/db/schema-engine';
import { AppError } from '@/lib/errors';

export function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

export function loadLauncherConfig(): LauncherConfig {
  try {
    return parseLauncherConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

export interface CliDatabase {
  server: DatabaseServer;
  database: Database;
  close: () => Promise<void>;
}

/** Opens the app database (starting the embedded server if needed) and brings its schema up to date. */
export async function openMigratedDatabase(config: LauncherConfig): Promise<CliDatabase> {
  let server: DatabaseServer;
  try {
    server = await openDatabaseServer(config);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const applied = await applyMigrations(server.appDatabaseUrl);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  const database = createDatabase(server.appDatabaseUrl);
  return {
    server,
    database,
    close: async () => {
      await database.$disconnect();
      await server.release();
    },
  };
}

/**
 * Runs a CLI body, printing AppErrors as plain messages rather than stack traces. Exits when the body
 * is done unless `keepAlive` (the wasm schema engine leaves a timer behind that would hold the process
 * for ten seconds).
 */
export async function runCli(body: () => Promise<void>, options: { keepAlive?: boolean } = {}): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof AppError) fail(error.message);
    throw error;
  }
  if (!options.keepAlive) process.exit(0);
}
