/**
 * A request budget for one EHR: at most `requestsPerSecond` calls started per second and
 * `concurrency` in flight, in arrival order. A 429 pauses every caller until the server's Retry-After
 * has passed. Per process (the sync runs one clinic in one process at a time, so its budget is whole).
 *
 * Each caller reserves its start time when it is let in (the next free start, `1000 /
 * requestsPerSecond` ms after the previous one), before it waits: callers waiting side by side hold
 * different start times, so a burst never starts more than the rate. A pause that comes while a caller
 * waits moves its start past the pause (and the starts after it along).
 */
export interface RequestBudgetOptions {
  requestsPerSecond: number;
  concurrency: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RequestBudget {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The earliest start the next caller may reserve. */
  private nextStartAt = 0;
  private pausedUntil = 0;

  constructor(readonly options: RequestBudgetOptions) {}

  private get interval(): number {
    return 1000 / this.options.requestsPerSecond;
  }

  /** The caller's start: the next free one, never inside a pause; the one after it is reserved too. */
  private reserveStart(): number {
    const startAt = Math.max(Date.now(), this.nextStartAt, this.pausedUntil);
    this.nextStartAt = startAt + this.interval;
    return startAt;
  }

  /** Runs `call` when the budget allows. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      let startAt = this.reserveStart();
      for (;;) {
        const wait = startAt - Date.now();
        if (wait > 0) await sleep(wait);
        // A 429 while this caller waited: its reserved start is inside the pause, take one after it.
        if (this.pausedUntil <= startAt) break;
        startAt = this.reserveStart();
      }
      return await call();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  /** The server said "too many requests": nobody starts a call for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}
