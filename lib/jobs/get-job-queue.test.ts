import type PgBoss from 'pg-boss';
import { describe, expect, it, vi } from 'vitest';

const { startPgBoss } = vi.hoisted(() => ({ startPgBoss: vi.fn<(url: string) => Promise<PgBoss>>() }));
vi.mock('./pg-boss', () => ({ startPgBoss }));
vi.mock('@/lib/config', () => ({ getConfig: () => ({ DATABASE_URL: 'postgres://localhost:1/app' }) }));

const { getJobQueue } = await import('./get-job-queue');

describe('getJobQueue', () => {
  it('starts the queue again after a failed start instead of keeping the failure', async () => {
    const boss = { started: true } as unknown as PgBoss;
    startPgBoss.mockRejectedValueOnce(new Error('connection refused')).mockResolvedValueOnce(boss);
    await expect(getJobQueue()).rejects.toThrow('connection refused');
    expect(await getJobQueue()).toBe(boss);
    expect(await getJobQueue()).toBe(boss);
    expect(startPgBoss).toHaveBeenCalledTimes(2);
    expect(startPgBoss).toHaveBeenCalledWith('postgres://localhost:1/app');
  });
});
