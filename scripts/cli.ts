/** Small helpers shared by the command-line scripts: config, database, and failing with a clear message. */
import { randomBytes } from 'node:crypto';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, parseLauncherConfig, type LauncherConfig } from '@/lib/config';
import { createDatabase, type Database } from '@/lib/db/client';
import { assertOrdinaryAppRole, grantAppRole } from '@/lib/db/app-role';
import { openDatabaseServer, type DatabaseServer } from '@/lib/db/database-server';
import { applyMigrations } from '@/lib/db/schema-engine';
import { AppError } from '@/lib/errors';
import { dataDirSecret } from '@/lib/data-dir-secret';
import { generateSecretsKey, keyRingFromEnv, SecretsKeyError } from '@/lib/security/secrets';
import { reencryptTenantSecrets } from '@/lib/tenancy/reencrypt-tenant-secrets';

export function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

/**
 * The command's flags (strict: an unknown flag, a missing value or a stray argument stops it), or
 * the problem and `usage` on stderr with exit code 2; never a stack trace.
 */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
): ReturnType<typeof parseArgs<{ options: T; strict: true }>> {
  try {
    return parseArgs({ options, strict: true });
  } catch (error) {
    console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}\n\nUsage: ${usage}\n`);
    process.exit(2);
  }
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

/**
 * Opens the app database as its owner (starting the embedded server if needed), brings its schema up
 * to date and grants the app role what it needs (lib/db/app-role.ts). With `serving` (the launcher,
 * before it starts the web server), it stops unless the app's role is an ordinary one: never a
 * superuser or the owner of the app's tables, which could alter the audit log.
 */
export async function openMigratedDatabase(
  config: LauncherConfig,
  options: { serving?: boolean } = {},
): Promise<CliDatabase> {
  let server: DatabaseServer;
  try {
    server = await openDatabaseServer(config);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const applied = await applyMigrations(server.ownerDatabaseUrl);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  if (server.appRole) {
    try {
      await grantAppRole(server.ownerDatabaseUrl, {
        role: server.appRole.name,
        ...(server.appRole.createWithPassword ? { createWithPassword: server.appRole.createWithPassword } : {}),
      });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  } else if (options.serving) {
    // Only DATABASE_URL: the CLI commands may run as the owner, the web server may not.
    try {
      await assertOrdinaryAppRole(server.appDatabaseUrl);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }
  process.env.SECRETS_KEY = resolveSecretsKey(config, server.embedded);
  const database = createDatabase(server.ownerDatabaseUrl);
  try {
    const ring = keyRingFromEnv();
    const rewritten = await reencryptTenantSecrets(database, ring);
    if (rewritten > 0) console.log(`Encrypted the secrets of ${rewritten} clinic(s) with key "${ring.current.id}".`);
  } catch (error) {
    if (error instanceof SecretsKeyError) fail(error.message);
    throw error;
  }
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
 * The web server's environment (scripts/serve.ts under `npm start`): the app database as the app's
 * own role (never the owner's URL), the FHIR sandbox as its role, the session secret and the origin.
 */
export function webServerEnvironment(config: LauncherConfig, server: DatabaseServer): NodeJS.ProcessEnv {
  // The owner's URL stays with the launcher: a compromised web process must not find it in its environment.
  const { DATABASE_OWNER_URL: _owner, ...inherited } = process.env;
  return {
    ...inherited,
    DATABASE_URL: server.appDatabaseUrl,
    PORT: String(config.PORT),
    // Links sent to patients name the origin the server really runs on (by default, this port).
    APP_BASE_URL: config.APP_BASE_URL,
    NEXTAUTH_SECRET: resolveSessionSecret(config, server.embedded),
    NEXTAUTH_URL: config.APP_BASE_URL,
    ...(server.sandboxDatabaseUrl ? { FHIR_SANDBOX_DATABASE_URL: server.sandboxDatabaseUrl } : {}),
    NEXT_TELEMETRY_DISABLED: '1',
  };
}

/**
 * The session secret: NEXTAUTH_SECRET, or for the embedded demo a random one kept in DATA_DIR so that
 * sessions survive restarts. A deployment on its own database must set it (all replicas share it).
 */
export function resolveSessionSecret(config: LauncherConfig, embedded: boolean): string {
  if (config.NEXTAUTH_SECRET) return config.NEXTAUTH_SECRET;
  if (!embedded)
    fail(
      'NEXTAUTH_SECRET: is required when DATABASE_URL is set (every replica must share it). ' +
        'Generate one with `openssl rand -base64 32`.',
    );
  return dataDirSecret(config.DATA_DIR, 'nextauth-secret', () => randomBytes(32).toString('base64url'));
}

/**
 * The key that encrypts clinic secrets at rest (lib/security/secrets.ts): SECRETS_KEY, or for the
 * embedded demo one generated once into DATA_DIR. A deployment on its own database must set it.
 */
export function resolveSecretsKey(config: LauncherConfig, embedded: boolean): string {
  if (process.env.SECRETS_KEY) return process.env.SECRETS_KEY;
  if (!embedded)
    fail(
      'SECRETS_KEY: is required when DATABASE_URL is set (it encrypts clinic credentials; every replica must ' +
        'share it). Generate one with `openssl rand -base64 32`.',
    );
  return dataDirSecret(config.DATA_DIR, 'secrets-key', () => generateSecretsKey());
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
  if (!options.keepAlive) process.exit(process.exitCode ?? 0);
}
