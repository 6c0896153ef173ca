/**
 * Finds the PostgreSQL server the app runs on: the one at DATABASE_URL, or the embedded one under
 * DATA_DIR (started here unless it is already running, e.g. under `npm start`). Used by the launcher
 * and the CLI commands, never by request handling.
 */
import path from 'node:path';
import type { LauncherConfig } from '@/lib/config';
import { assertReachable, ensureDatabase, withDatabase } from './admin';
import { embeddedDatabaseUrl, startEmbeddedPostgres } from './embedded-postgres';

/** Names of the app database and the FHIR sandbox's database on the embedded server. */
export const APP_DATABASE = 'scheduling';
export const SANDBOX_DATABASE = 'fhir_sandbox';

export interface DatabaseServer {
  /** The app database (migrated separately). */
  appDatabaseUrl: string;
  /** The FHIR sandbox's database: FHIR_SANDBOX_DATABASE_URL, or a sibling database on the embedded server. */
  sandboxDatabaseUrl: string | null;
  /** Server URL for creating sibling databases (the FHIR sandbox's); null when DATABASE_URL was given. */
  serverUrl: string | null;
  embedded: boolean;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  release: () => Promise<void>;
}

async function isReachable(url: string): Promise<boolean> {
  try {
    await assertReachable(url, 'embedded PostgreSQL');
    return true;
  } catch {
    return false;
  }
}

export async function openDatabaseServer(config: LauncherConfig): Promise<DatabaseServer> {
  if (config.DATABASE_URL) {
    await assertReachable(config.DATABASE_URL, 'DATABASE_URL');
    if (config.FHIR_SANDBOX_DATABASE_URL)
      await assertReachable(config.FHIR_SANDBOX_DATABASE_URL, 'FHIR_SANDBOX_DATABASE_URL');
    return {
      appDatabaseUrl: config.DATABASE_URL,
      sandboxDatabaseUrl: config.FHIR_SANDBOX_DATABASE_URL ?? null,
      serverUrl: null,
      embedded: false,
      release: () => Promise.resolve(),
    };
  }
  const port = config.EMBEDDED_POSTGRES_PORT;
  const maintenanceUrl = embeddedDatabaseUrl(port, 'postgres');
  let release = (): Promise<void> => Promise.resolve();
  if (!(await isReachable(maintenanceUrl))) {
    const server = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), port });
    release = () => server.stop();
  }
  await ensureDatabase(maintenanceUrl, APP_DATABASE);
  await ensureDatabase(maintenanceUrl, SANDBOX_DATABASE);
  return {
    appDatabaseUrl: withDatabase(maintenanceUrl, APP_DATABASE),
    sandboxDatabaseUrl: config.FHIR_SANDBOX_DATABASE_URL ?? withDatabase(maintenanceUrl, SANDBOX_DATABASE),
    serverUrl: maintenanceUrl,
    embedded: true,
    release,
  };
}
