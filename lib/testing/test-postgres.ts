/**
 * A PostgreSQL server for a test run: the local server named by TEST_DATABASE_SERVER_URL (a maintenance
 * URL such as postgresql://postgres:postgres@127.0.0.1:5432/postgres), or a throwaway embedded one.
 * Tests refuse to run against anything but this machine.
 */
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
