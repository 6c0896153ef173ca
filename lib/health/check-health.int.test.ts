import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { listMigrationNames } from '@/lib/db/migration-files';
import { testDatabase } from '@/lib/testing/database';
import { checkHealth } from './check-health';

const database = testDatabase();

describe('health check', () => {
  it('is ok when the database answers and every migration is applied', async () => {
    const report = await checkHealth(database);
    expect(report).toMatchObject({ status: 'ok', checks: { database: { ok: true }, migrations: { ok: true } } });
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('names the migrations that have not been applied', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    for (const name of [...(await listMigrationNames()), '29991231000000_future_change'])
      await mkdir(path.join(folder, name));
    const report = await checkHealth(database, folder);
    expect(report.status).toBe('unavailable');
    expect(report.checks.migrations).toMatchObject({ ok: false, pending: ['29991231000000_future_change'] });
  });

  it('says the database is unreachable, without credentials, when it cannot connect', async () => {
    const unreachable = createDatabase('postgresql://app:secret-password@127.0.0.1:1/nowhere');
    try {
      const report = await checkHealth(unreachable);
      expect(report.status).toBe('unavailable');
      expect(report.checks.database).toEqual({ ok: false, detail: 'database unreachable' });
      expect(JSON.stringify(report)).not.toContain('secret-password');
    } finally {
      await unreachable.$disconnect();
    }
  });
});
