import { describe, expect, it } from 'vitest';
import { KeyedPool } from './keyed-pool';

const tick = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedPool', () => {
  it('runs independent tasks side by side, never more than its concurrency at once', async () => {
    const pool = new KeyedPool(4);
    let active = 0;
    let most = 0;
    for (let index = 0; index < 20; index += 1)
      await pool.submit([`row:${index}`], async () => {
        active += 1;
        most = Math.max(most, active);
        await tick(5);
        active -= 1;
      });
    await pool.drain();
    expect(most).toBe(4);
  });

  it('keeps the order of tasks that share a key, and never runs them at the same time', async () => {
    const pool = new KeyedPool(8);
    const order: string[] = [];
    const busy = new Set<string>();
    const rows = [
      ['patient:A', 'a1', 9],
      ['patient:B', 'b1', 1],
      ['patient:A', 'a2', 1],
      ['patient:A', 'a3', 3],
      ['patient:B', 'b2', 1],
    ] as const;
    for (const [key, name, ms] of rows)
      await pool.submit([key], async () => {
        expect(busy.has(key)).toBe(false);
        busy.add(key);
        await tick(ms);
        order.push(name);
        busy.delete(key);
      });
    await pool.drain();
    expect(order.filter((name) => name.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(order.filter((name) => name.startsWith('b'))).toEqual(['b1', 'b2']);
    // B's rows did not wait for A's slow first row.
    expect(order.indexOf('b2')).toBeLessThan(order.indexOf('a1'));
  });

  it('waits for every earlier holder of any of its keys (a dependent after its guardian)', async () => {
    const pool = new KeyedPool(8);
    const done: string[] = [];
    await pool.submit(['patient:G'], async () => {
      await tick(10);
      done.push('guardian');
    });
    await pool.submit(['patient:D', 'patient:G'], async () => {
      done.push('dependent');
      await Promise.resolve();
    });
    await pool.drain();
    expect(done).toEqual(['guardian', 'dependent']);
  });

  it('holds the producer back while full', async () => {
    const pool = new KeyedPool(2);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await pool.submit(['1'], () => gate);
    await pool.submit(['2'], () => gate);
    let third = false;
    const submitted = pool.submit(['3'], () => Promise.resolve()).then(() => (third = true));
    await tick(10);
    expect(third).toBe(false);
    release();
    await submitted;
    await pool.drain();
    expect(third).toBe(true);
  });

  it('stops at the first error: drain and later submits reject with it, waiting tasks do not run', async () => {
    const pool = new KeyedPool(2);
    let ranAfter = false;
    await pool.submit(['x'], async () => {
      await tick(2);
      throw new Error('the FHIR server is down');
    });
    await pool.submit(['x'], async () => {
      ranAfter = true;
      await Promise.resolve();
    });
    await expect(pool.drain()).rejects.toThrow('the FHIR server is down');
    await expect(pool.submit(['y'], () => Promise.resolve())).rejects.toThrow('the FHIR server is down');
    expect(ranAfter).toBe(false);
  });
});
