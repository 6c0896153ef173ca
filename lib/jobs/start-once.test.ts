import { describe, expect, it, vi } from 'vitest';
import { startOnce } from './start-once';

describe('startOnce', () => {
  it('starts once and shares the result with every caller', async () => {
    const start = vi.fn(() => Promise.resolve({ started: true }));
    const [a, b] = await Promise.all([startOnce('shared', start), startOnce('shared', start)]);
    expect(await startOnce('shared', start)).toBe(a);
    expect(b).toBe(a);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed start, so the next call tries again', async () => {
    const start = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('database not up yet'))
      .mockResolvedValueOnce('queue');
    const first = startOnce('flaky', start);
    const sameTime = startOnce('flaky', start);
    await expect(first).rejects.toThrow('database not up yet');
    await expect(sameTime).rejects.toThrow('database not up yet');
    expect(await startOnce('flaky', start)).toBe('queue');
    expect(await startOnce('flaky', start)).toBe('queue');
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('keeps different resources apart', async () => {
    expect(await startOnce('one', () => Promise.resolve(1))).toBe(1);
    expect(await startOnce('two', () => Promise.resolve(2))).toBe(2);
  });
});
