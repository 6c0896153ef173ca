/**
 * The retention job as the server and `npm run worker` start it (startRetentionWorker, on the
 * process's job queue): its daily schedule is registered, and a tick runs the pruning.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { RETENTION_CRON, RETENTION_QUEUE, startRetentionWorker } from './retention-jobs';

const database = testDatabase();

beforeAll(() => {
  // This process's configuration, as a worker's: the app database as the app role.
  process.env.DATABASE_URL = inject('appDatabaseUrl');
  process.env.NEXTAUTH_SECRET ??= 'a-test-secret-of-at-least-thirty-two-characters';
});

afterAll(async () => {
  const boss = await getJobQueue();
  await boss.stop({ graceful: false, wait: true });
});

describe('the retention job at start-up', () => {
  it('registers its daily schedule (03:17 UTC), and a tick prunes expired rows', async () => {
    await startRetentionWorker();
    const boss = await getJobQueue();
    const schedules = await boss.getSchedules();
    expect(RETENTION_CRON).toBe('17 3 * * *');
    expect(schedules.filter((schedule) => schedule.name === RETENTION_QUEUE)).toEqual([
      expect.objectContaining({ name: RETENTION_QUEUE, cron: RETENTION_CRON, timezone: 'UTC' }),
    ]);
    // Starting again (another replica, a restart) keeps one schedule.
    await startRetentionWorker();
    expect((await boss.getSchedules()).filter((schedule) => schedule.name === RETENTION_QUEUE)).toHaveLength(1);

    const key = `${uniqueSlug('retention-tick')}:expired`;
    await database.rateLimitCounter.create({
      data: { key, windowStart: new Date(Date.now() - 3_600_000), count: 1, expiresAt: new Date(Date.now() - 60_000) },
    });
    // What the cron puts on the queue at 03:17, now.
    await boss.send(RETENTION_QUEUE, {});
    await expect
      .poll(() => database.rateLimitCounter.count({ where: { key } }), { timeout: 15_000, interval: 250 })
      .toBe(0);
  });
});
