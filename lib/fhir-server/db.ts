/**
 * The sandbox's own PostgreSQL database (never the app's). Its schema is created here, idempotently,
 * under an advisory lock so that several replicas starting at once do not race.
 */
import pg from 'pg';

const SCHEMA_VERSION = 4;

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS sandbox_schema (version int NOT NULL);
CREATE TABLE IF NOT EXISTS partitions (name text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS clients (
  partition text NOT NULL REFERENCES partitions(name) ON DELETE CASCADE,
  client_id text NOT NULL,
  secret_hash text NOT NULL,
  PRIMARY KEY (partition, client_id)
);
CREATE TABLE IF NOT EXISTS access_tokens (
  token_hash text PRIMARY KEY,
  partition text NOT NULL,
  client_id text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS access_tokens_expiry ON access_tokens (expires_at);
CREATE TABLE IF NOT EXISTS resources (
  partition text NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  version_id int NOT NULL,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  content jsonb,
  PRIMARY KEY (partition, type, id)
);
CREATE INDEX IF NOT EXISTS resources_last_updated ON resources (partition, type, last_updated);
CREATE TABLE IF NOT EXISTS resource_history (
  seq bigserial PRIMARY KEY,
  partition text NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  version_id int NOT NULL,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL,
  method text NOT NULL,
  content jsonb,
  UNIQUE (partition, type, id, version_id)
);
CREATE INDEX IF NOT EXISTS resource_history_partition_time ON resource_history (partition, last_updated);
CREATE INDEX IF NOT EXISTS resource_history_type_time ON resource_history (partition, type, last_updated);
CREATE TABLE IF NOT EXISTS idx_token (
  partition text NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  system text,
  code text NOT NULL
);
CREATE TABLE IF NOT EXISTS idx_string (
  partition text NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  normalized text NOT NULL,
  exact text NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_string_lookup ON idx_string (partition, type, param, normalized text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_string_owner ON idx_string (partition, type, id);
CREATE TABLE IF NOT EXISTS idx_date (
  partition text NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  low timestamptz NOT NULL,
  high timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS idx_reference (
  partition text NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL
);
-- Version 2: partition profiles (lenient | strict), transaction mode, client scopes, opaque version ids.
ALTER TABLE partitions ADD COLUMN IF NOT EXISTS profile text NOT NULL DEFAULT 'lenient';
ALTER TABLE partitions ADD COLUMN IF NOT EXISTS transactions text NOT NULL DEFAULT 'atomic';
ALTER TABLE clients ADD COLUMN IF NOT EXISTS scopes text NOT NULL DEFAULT 'system/*.*';
ALTER TABLE access_tokens ADD COLUMN IF NOT EXISTS scope text NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN IF NOT EXISTS version_label text;
ALTER TABLE resource_history ADD COLUMN IF NOT EXISTS version_label text;
-- Version 4: IHE scheduling operations: how a partition books, and the holds of $hold until they expire.
ALTER TABLE partitions ADD COLUMN IF NOT EXISTS scheduling text NOT NULL DEFAULT 'slot-writes';
CREATE TABLE IF NOT EXISTS holds (
  partition text NOT NULL,
  appointment_id text NOT NULL,
  slot_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (partition, appointment_id)
);
CREATE INDEX IF NOT EXISTS holds_expiry ON holds (partition, expires_at);
`;

/**
 * Steps for a database whose stored version is below the step's number, run once, in order.
 * Version 3: index tables' indexes that answer searches from the index alone (index-only scans):
 * the value lookups carry the owner id, the per-owner indexes carry the parameter and its value,
 * and dates are ordered by their low bound so a date-sorted search can stop at its page.
 */
const UPGRADES: [number, string][] = [
  [
    3,
    `
DROP INDEX IF EXISTS idx_token_lookup;
DROP INDEX IF EXISTS idx_token_owner;
DROP INDEX IF EXISTS idx_date_lookup;
DROP INDEX IF EXISTS idx_date_owner;
DROP INDEX IF EXISTS idx_reference_lookup;
DROP INDEX IF EXISTS idx_reference_owner;
`,
  ],
];

/** The indexes of the current version (idempotent; after the upgrades). */
const INDEX_SQL = `
CREATE INDEX IF NOT EXISTS idx_token_value ON idx_token (partition, type, param, code, system) INCLUDE (id);
CREATE INDEX IF NOT EXISTS idx_token_by_owner ON idx_token (partition, type, id, param) INCLUDE (system, code);
CREATE INDEX IF NOT EXISTS idx_date_value ON idx_date (partition, type, param, low) INCLUDE (high, id);
CREATE INDEX IF NOT EXISTS idx_date_by_owner ON idx_date (partition, type, id, param) INCLUDE (low, high);
CREATE INDEX IF NOT EXISTS idx_reference_value ON idx_reference (partition, type, param, target_id, target_type)
  INCLUDE (id);
CREATE INDEX IF NOT EXISTS idx_reference_by_owner ON idx_reference (partition, type, id, param)
  INCLUDE (target_type, target_id);
`;

export type Queryable = Pick<pg.PoolClient, 'query'>;

export async function ensureSandboxSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['fhir-sandbox-schema']);
    try {
      await client.query(SCHEMA_SQL);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM sandbox_schema');
      const stored = rows[0]?.version ?? SCHEMA_VERSION;
      for (const [version, sql] of UPGRADES) if (stored < version) await client.query(sql);
      await client.query(INDEX_SQL);
      if (rows.length === 0) await client.query('INSERT INTO sandbox_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
      else await client.query('UPDATE sandbox_schema SET version = $1 WHERE version < $1', [SCHEMA_VERSION]);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['fhir-sandbox-schema']);
    }
  } finally {
    client.release();
  }
}

const pools = new Map<string, Promise<pg.Pool>>();

/** One pool per sandbox database URL per process, schema ensured on first use. */
export function sandboxPool(databaseUrl: string): Promise<pg.Pool> {
  let pool = pools.get(databaseUrl);
  if (!pool) {
    // Searches are short and many at once: parallel workers (a process each) cost more than they
    // save on them, and the planner's guess at a parallel hash of a large share of the index loses to
    // the index walks search.ts sets up.
    const created = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      options: '-c max_parallel_workers_per_gather=0',
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    created.on('error', () => undefined);
    pool = ensureSandboxSchema(created).then(() => created);
    pools.set(databaseUrl, pool);
    pool.catch(() => pools.delete(databaseUrl));
  }
  return pool;
}

/** Runs `fn` in one database transaction. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Ends the pool of a sandbox database (tests dropping their database). */
export async function closeSandboxPool(databaseUrl: string): Promise<void> {
  const pool = pools.get(databaseUrl);
  pools.delete(databaseUrl);
  if (pool) await (await pool).end();
}
