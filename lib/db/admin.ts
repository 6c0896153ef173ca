/** Database-server housekeeping shared by the launcher, the CLI commands and the test setup. */
import pg from 'pg';

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** `host:port/database` of a URL, never its credentials: safe for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Creates the login role if it does not exist, and (re)sets its password and its lack of any
 * privilege beyond logging in: no superuser, no creating databases or roles, no replication, no
 * bypassing row security. `client` is connected as a superuser or a role that may create roles.
 */
export async function ensureLoginRole(client: pg.Client, role: string, password: string): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const quoted = quoteIdentifier(role);
  if (exists.rowCount === 0)
    await client.query(`CREATE ROLE ${quoted} LOGIN PASSWORD ${quoteLiteral(password)}`).catch((error: unknown) => {
      // Another process created it meanwhile.
      if ((error as { code?: string }).code !== '42710') throw error;
    });
  await client.query(
    `ALTER ROLE ${quoted} LOGIN PASSWORD ${quoteLiteral(password)} NOSUPERUSER NOCREATEDB NOCREATEROLE ` +
      'NOREPLICATION NOBYPASSRLS',
  );
}

/** Creates the database if it does not exist. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Connects once to prove the server is reachable; throws an Error whose message names the server
 * (never the password) and the reason.
 */
export async function assertReachable(url: string, variableName: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot reach PostgreSQL at ${variableName} (${describeDatabaseUrl(url)}): ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops the role if it exists (after the databases it owns are dropped). */
export async function dropRole(serverUrl: string, role: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`);
  } finally {
    await client.end();
  }
}
