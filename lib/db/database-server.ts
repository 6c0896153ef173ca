/**
 * Finds the PostgreSQL server the app runs on: the one at DATABASE_URL, or the embedded one under
 * DATA_DIR (started here unless it is already running, e.g. under `npm start`). Used by the launcher
 * and the CLI commands, never by request handling.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { LauncherConfig } from '@/lib/config';
import { dataDirSecret } from '@/lib/data-dir-secret';
import { assertReachable, ensureDatabase, withDatabase } from './admin';
import { EMBEDDED_APP_ROLE, urlForRole } from './app-role';
import { embeddedDatabaseUrl, startEmbeddedPostgres } from './embedded-postgres';
import { EMBEDDED_SANDBOX_ROLE, grantSandboxRole } from './sandbox-role';

/** Names of the app database and the FHIR sandbox's database on the embedded server. */
export const APP_DATABASE = 'scheduling';
export const SANDBOX_DATABASE = 'fhir_sandbox';

export interface DatabaseServer {
  /** The app database as the owner of its schema: migrations, seeds, the CLI commands. */
  ownerDatabaseUrl: string;
  /** The app database as the app's own role (what the web servers and workers connect as). */
  appDatabaseUrl: string;
  /**
   * The app role to grant to after migrating, with the password to create it with (embedded), or
   * null when DATABASE_URL is also the owner (no separate role configured).
   */
  appRole: { name: string; createWithPassword?: string } | null;
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
    if (config.DATABASE_OWNER_URL) await assertReachable(config.DATABASE_OWNER_URL, 'DATABASE_OWNER_URL');
    if (config.FHIR_SANDBOX_DATABASE_URL)
      await assertReachable(config.FHIR_SANDBOX_DATABASE_URL, 'FHIR_SANDBOX_DATABASE_URL');
    const separateOwner = config.DATABASE_OWNER_URL && config.DATABASE_OWNER_URL !== config.DATABASE_URL;
    return {
      ownerDatabaseUrl: config.DATABASE_OWNER_URL ?? config.DATABASE_URL,
      appDatabaseUrl: config.DATABASE_URL,
      appRole: separateOwner ? { name: decodeURIComponent(new URL(config.DATABASE_URL).username) } : null,
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
  const ownerDatabaseUrl = withDatabase(maintenanceUrl, APP_DATABASE);
  const appPassword = embeddedAppPassword(config.DATA_DIR);
  // The sandbox as a role of its own, so that the web server holds no superuser URL (lib/db/sandbox-role.ts).
  const sandboxDatabaseUrl =
    config.FHIR_SANDBOX_DATABASE_URL ??
    (await grantSandboxRole(withDatabase(maintenanceUrl, SANDBOX_DATABASE), {
      role: EMBEDDED_SANDBOX_ROLE,
      password: dataDirSecret(config.DATA_DIR, 'sandbox-db-password', () => randomBytes(24).toString('base64url')),
      otherDatabases: [APP_DATABASE],
    }));
  return {
    ownerDatabaseUrl,
    appDatabaseUrl: urlForRole(ownerDatabaseUrl, EMBEDDED_APP_ROLE, appPassword),
    appRole: { name: EMBEDDED_APP_ROLE, createWithPassword: appPassword },
    sandboxDatabaseUrl,
    serverUrl: maintenanceUrl,
    embedded: true,
    release,
  };
}

/** The embedded app role's password: generated once into DATA_DIR, reused afterwards. */
export function embeddedAppPassword(dataDir: string): string {
  return dataDirSecret(dataDir, 'app-db-password', () => randomBytes(24).toString('base64url'));
}

/** The embedded app database as the app role (for `npm run worker` beside `npm start`). */
export function embeddedAppDatabaseUrl(config: Pick<LauncherConfig, 'DATA_DIR' | 'EMBEDDED_POSTGRES_PORT'>): string {
  return urlForRole(
    withDatabase(embeddedDatabaseUrl(config.EMBEDDED_POSTGRES_PORT, 'postgres'), APP_DATABASE),
    EMBEDDED_APP_ROLE,
    embeddedAppPassword(config.DATA_DIR),
  );
}
