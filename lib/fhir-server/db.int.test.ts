/**
 * The sandbox's schema versioning: a database made by an older version is upgraded in place (its
 * index tables keep their rows and get the current indexes), and a search answers as before.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { throwawayDatabaseName } from '@/lib/testing/test-postgres';
import { ensureSandboxSchema } from './db';
import { searchResources } from './search';

let serverUrl: string;
let name: string;
let pool: pg.Pool;

beforeAll(async () => {
  serverUrl = inject('databaseServerUrl');
  name = throwawayDatabaseName('sandbox_schema');
  await ensureDatabase(serverUrl, name);
  pool = new pg.Pool({ connectionString: withDatabase(serverUrl, name) });
});

afterAll(async () => {
  await pool.end();
  await dropDatabase(serverUrl, name);
});

async function indexNames(): Promise<string[]> {
  const { rows } = await pool.query<{ indexname: string }>(
    "SELECT indexname FROM pg_indexes WHERE tablename IN ('idx_token', 'idx_date', 'idx_reference') ORDER BY 1",
  );
  return rows.map((row) => row.indexname);
}

describe('sandbox schema versions', () => {
  it('upgrades a version 2 database: old search indexes replaced, rows kept, searches unchanged', async () => {
    await ensureSandboxSchema(pool);
    // Make it what version 2 left behind: its indexes and its version number.
    await pool.query(`
      DROP INDEX idx_token_value, idx_token_by_owner, idx_date_value, idx_date_by_owner,
        idx_reference_value, idx_reference_by_owner;
      CREATE INDEX idx_token_lookup ON idx_token (partition, type, param, code, system);
      CREATE INDEX idx_token_owner ON idx_token (partition, type, id);
      CREATE INDEX idx_date_lookup ON idx_date (partition, type, param, low, high);
      CREATE INDEX idx_date_owner ON idx_date (partition, type, id);
      CREATE INDEX idx_reference_lookup ON idx_reference (partition, type, param, target_id, target_type);
      CREATE INDEX idx_reference_owner ON idx_reference (partition, type, id);
      UPDATE sandbox_schema SET version = 2;
      INSERT INTO partitions (name) VALUES ('old');
      INSERT INTO resources (partition, type, id, version_id, last_updated, content)
        VALUES ('old', 'Slot', 's1', 1, now(), '{"resourceType":"Slot","id":"s1","status":"free"}');
      INSERT INTO idx_token (partition, type, id, param, system, code)
        VALUES ('old', 'Slot', 's1', 'status', NULL, 'free');
      INSERT INTO idx_date (partition, type, id, param, low, high)
        VALUES ('old', 'Slot', 's1', 'start', '2030-01-07T15:00:00Z', '2030-01-07T15:00:01Z');
    `);

    await ensureSandboxSchema(pool);

    expect(await indexNames()).toEqual([
      'idx_date_by_owner',
      'idx_date_value',
      'idx_reference_by_owner',
      'idx_reference_value',
      'idx_token_by_owner',
      'idx_token_value',
    ]);
    const { rows } = await pool.query<{ version: number }>('SELECT version FROM sandbox_schema');
    expect(rows).toEqual([{ version: 4 }]);
    const bundle = await searchResources(
      pool,
      'old',
      'Slot',
      new URLSearchParams('status=free&start=ge2030-01-07T14:00:00Z&start=lt2030-01-08&_sort=start'),
      { baseUrl: 'http://sandbox/fhir/old', strict: false, profile: 'strict' },
    );
    expect(bundle.entry?.map((entry) => entry.resource?.id)).toEqual(['s1']);
    expect(bundle.link?.some((link) => link.relation === 'next')).toBe(false);
  });
});
