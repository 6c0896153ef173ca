import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { listMigrationNames } from '@/lib/db/migration-files';
import { startWorkerWithRetry } from '@/lib/jobs/worker-status';
import { QUEUES, startQueue } from '@/lib/notify/queue';
import { testDatabase } from '@/lib/testing/database';
import { checkHealth } from './check-health';

const database = testDatabase();

describe('health check', () => {
  it('is ok when the database answers and every migration is applied', async () => {
    // A job queue of its own: the run's shared queue holds codes other test files queued with no worker.
    const schema = 'pgboss_health_ok';
    const boss = await startQueue(inject('databaseUrl'), schema);
    try {
      const report = await checkHealth(database, undefined, schema);
      expect(report).toMatchObject({ status: 'ok', checks: { database: { ok: true }, migrations: { ok: true } } });
      expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
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

  it('is degraded (still 200) while one-time codes wait with no worker sending them, on any replica', async () => {
    const schema = 'pgboss_health_test';
    const boss = await startQueue(inject('databaseUrl'), schema);
    try {
      expect((await checkHealth(database, undefined, schema)).checks.queue).toMatchObject({ ok: true, otpWaiting: 0 });
      const jobId = await boss.send(QUEUES.otp.name, { notificationId: 'n-1' });
      await database.$executeRawUnsafe(
        `UPDATE "${schema}".job SET start_after = now() - interval '3 minutes' WHERE id = $1::uuid`,
        jobId,
      );
      const stalled = await checkHealth(database, undefined, schema);
      expect(stalled.status).toBe('degraded');
      expect(stalled.checks.queue).toMatchObject({ ok: false, otpWaiting: 1 });
      expect(stalled.checks.queue?.otpOldestWaitingSeconds).toBeGreaterThanOrEqual(170);
      expect(stalled.checks.queue?.detail).toMatch(/no worker is sending them/);
      await boss.fetch(QUEUES.otp.name);
      expect((await checkHealth(database, undefined, schema)).status).toBe('ok');
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it('shows this replica’s workers retrying a failed start until they run', async () => {
    let databaseDown = true;
    await startWorkerWithRetry(
      'health-test-workers',
      () => (databaseDown ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve()),
      { initialDelayMs: 20, maxDelayMs: 50 },
    );
    const failing = await checkHealth(database);
    expect(failing.status).toBe('degraded');
    expect(failing.checks.workers).toMatchObject({
      ok: false,
      detail: 'workers failed to start, retrying: health-test-workers',
      workers: { 'health-test-workers': { state: 'retrying' } },
    });
    expect(JSON.stringify(failing)).not.toContain('ECONNREFUSED');
    databaseDown = false;
    await expect
      .poll(async () => (await checkHealth(database)).checks.workers)
      .toMatchObject({ ok: true, workers: { 'health-test-workers': { state: 'running' } } });
  });
});
