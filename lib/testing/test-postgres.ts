/**
 * A PostgreSQL server for a test run: the local server named by TEST_DATABASE_SERVER_URL (a maintenance
 * URL such as postgresql://postgres:postgres@127.0.0.1:5432/postgres), or a throwaway embedded one.
 * Tests refuse to run against anything but this machine.
 */
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropRole } from '@/lib/db/admin';
import { grantAppRole, urlForRole } from '@/lib/db/app-role';
import { startEmbeddedPostgres } from '@/lib/db/embedded-postgres';
import { freePort } from './free-port';

export { freePort };

export interface TestPostgres {
  serverUrl: string;
  stop: () => Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function assertLocalDatabaseUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) throw new Error(`Refusing to run tests against a non-local database server (${host}).`);
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_SERVER_URL;
  if (given) {
    assertLocalDatabaseUrl(given);
    return { serverUrl: given, stop: () => Promise.resolve() };
  }
  const parent = await mkdtemp(path.join(tmpdir(), 'scheduling-test-'));
  // The server runs as the unprivileged `postgres` user when we are root; it must reach the folder.
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'pg');
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
  return { serverUrl: server.serverUrl, stop: () => server.stop() };
}

/** A unique, valid database name for one test run. */
export function throwawayDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The app role for one throwaway database (`<database>_app`; roles are per server, so each run has its
 * own), granted as `npm start` grants it; `drop()` after the database itself is dropped.
 */
export async function createTestAppRole(
  serverUrl: string,
  ownerDatabaseUrl: string,
  database: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const role = `${database}_app`;
  const password = `pw_${Math.random().toString(36).slice(2)}`;
  await grantAppRole(ownerDatabaseUrl, { role, createWithPassword: password });
  return {
    url: urlForRole(ownerDatabaseUrl, role, password),
    drop: () => dropRole(serverUrl, role),
  };
}
