import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { dropDatabase, ensureDatabase, withDatabase } from './admin';
import { listMigrationNames } from './migration-files';
import { applyMigrations } from './schema-engine';
import { throwawayDatabaseName } from '@/lib/testing/test-postgres';

describe('migrations', () => {
  it('apply every migration to an empty database, and a second run applies nothing', async () => {
    const serverUrl = inject('databaseServerUrl');
    const name = throwawayDatabaseName('migrate_test');
    await ensureDatabase(serverUrl, name);
    const url = withDatabase(serverUrl, name);
    try {
      expect(await applyMigrations(url)).toEqual(await listMigrationNames());
      expect(await applyMigrations(url)).toEqual([]);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ count: string }>(
        'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      await client.end();
      expect(Number(rows[0]?.count)).toBe((await listMigrationNames()).length);
    } finally {
      await dropDatabase(serverUrl, name);
    }
  });
});
