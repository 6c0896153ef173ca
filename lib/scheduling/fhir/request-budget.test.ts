import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestBudget } from './request-budget';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Starts `count` calls at once; each notes when it started and lasts `lasting` ms. */
function burst(budget: RequestBudget, count: number, lasting = 0): { starts: number[]; done: Promise<unknown> } {
  const starts: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, () =>
      budget.run(async () => {
        starts.push(Date.now());
        if (lasting > 0) await sleep(lasting);
      }),
    ),
  );
  return { starts, done };
}

/** The most calls started within any `windowMs` (sliding). */
function mostStartedWithin(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0; first < sorted.length; first += 1) {
    const within = sorted.filter((start) => start >= (sorted[first] ?? 0) && start < (sorted[first] ?? 0) + windowMs);
    most = Math.max(most, within.length);
  }
  return most;
}

describe('RequestBudget', () => {
  it('keeps a burst of waiting callers within the rate: each holds its own start time', async () => {
    const budget = new RequestBudget({ requestsPerSecond: 10, concurrency: 50 });
    const { starts, done } = burst(budget, 30);
    await vi.advanceTimersByTimeAsync(5_000);
    await done;

    expect(starts).toHaveLength(30);
    expect(mostStartedWithin(starts, 1000)).toBeLessThanOrEqual(10);
    const sorted = [...starts].sort((a, b) => a - b);
    for (let index = 1; index < sorted.length; index += 1)
      expect((sorted[index] ?? 0) - (sorted[index - 1] ?? 0)).toBeGreaterThanOrEqual(100);
    // ...and uses the rate: 30 calls at 10 per second take about three seconds, not more.
    expect((sorted.at(-1) ?? 0) - (sorted[0] ?? 0)).toBeLessThanOrEqual(3_000);
  });

  it('never has more calls in flight than its concurrency, and lets the waiting in as calls end', async () => {
    const budget = new RequestBudget({ requestsPerSecond: 1000, concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    const calls = Array.from({ length: 12 }, () =>
      budget.run(async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep(200);
        inFlight -= 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(250);
    expect(inFlight).toBe(3);
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(calls);

    expect(most).toBe(3);
    expect(inFlight).toBe(0);
  });

  it('starts nothing during a Retry-After pause, including callers already waiting with a start', async () => {
    const budget = new RequestBudget({ requestsPerSecond: 10, concurrency: 50 });
    const pausedAt = Date.now();
    const first = budget.run(() => {
      // The server answered 429 with Retry-After: 2.
      budget.pause(2_000);
      return Promise.resolve(Date.now());
    });
    const { starts, done } = burst(budget, 5);
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all([first, done]);

    expect(await first).toBe(pausedAt);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(pausedAt + 2_000);
    // After the pause, the rate still holds.
    expect(mostStartedWithin(starts, 1000)).toBeLessThanOrEqual(10);
    const sorted = [...starts].sort((a, b) => a - b);
    for (let index = 1; index < sorted.length; index += 1)
      expect((sorted[index] ?? 0) - (sorted[index - 1] ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it('a pause that is already over changes nothing', async () => {
    const budget = new RequestBudget({ requestsPerSecond: 10, concurrency: 5 });
    budget.pause(0);
    const { starts, done } = burst(budget, 1);
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(starts).toEqual([1_000_000]);
  });
});
