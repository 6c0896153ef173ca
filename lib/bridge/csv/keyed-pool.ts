/**
 * Runs tasks concurrently (at most `concurrency` at once) while keeping the order of tasks that share a
 * key: a task starts only after every earlier task holding one of its keys has finished. A CSV import
 * uses it to apply rows in parallel without reordering the rows of one patient, one appointment or one
 * clinician's schedule. `submit` waits while the pool is full, so a producer reading a stream is held
 * back instead of buffering the whole file. The first task that throws stops the pool: later submits
 * and `drain` reject with its error.
 */
export class KeyedPool {
  private readonly running = new Set<Promise<void>>();
  private readonly tails = new Map<string, Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be at least 1');
  }

  async submit(keys: readonly string[], task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.concurrency && !this.failure) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const unique = [...new Set(keys)];
    const before = unique.flatMap((key) => this.tails.get(key) ?? []);
    const run: Promise<void> = Promise.all(before)
      .then(() => (this.failure ? undefined : task()))
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.running.delete(run);
        for (const key of unique) if (this.tails.get(key) === run) this.tails.delete(key);
      });
    this.running.add(run);
    for (const key of unique) this.tails.set(key, run);
  }

  /** Waits for every submitted task; rejects with the first error any of them threw. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }
}
