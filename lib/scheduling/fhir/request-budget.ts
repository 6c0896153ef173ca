/**
 * A request budget for one EHR: at most `requestsPerSecond` calls started per second and
 * `concurrency` in flight, in arrival order. A 429 pauses every caller until the server's Retry-After
 * has passed. Per process (the sync runs one clinic in one process at a time, so its budget is whole).
 */
export interface RequestBudgetOptions {
  requestsPerSecond: number;
  concurrency: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RequestBudget {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStartAt = 0;
  private pausedUntil = 0;

  constructor(readonly options: RequestBudgetOptions) {}

  /** Runs `call` when the budget allows. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      for (;;) {
        const now = Date.now();
        const startAt = Math.max(now, this.nextStartAt, this.pausedUntil);
        if (startAt <= now) break;
        await sleep(startAt - now);
        if (Date.now() >= this.pausedUntil) {
          this.nextStartAt = Math.max(this.nextStartAt, Date.now());
          break;
        }
      }
      this.nextStartAt = Math.max(this.nextStartAt, Date.now()) + 1000 / this.options.requestsPerSecond;
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
