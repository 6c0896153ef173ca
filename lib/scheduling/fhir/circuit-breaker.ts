/**
 * A circuit breaker per EHR endpoint: after `threshold` consecutive failures it opens for
 * `cooldownMs`, failing fast instead of piling requests onto a dead server; then one trial request
 * decides whether it closes again. Per process (each replica protects itself).
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly threshold = 5,
    private readonly cooldownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Null when a request may go ahead; otherwise the seconds until the next trial. */
  blockedForSeconds(): number | null {
    if (this.openedAt === null) return null;
    const remaining = this.openedAt + this.cooldownMs - this.now();
    if (remaining > 0) return Math.ceil(remaining / 1000);
    if (this.trialInFlight) return 1;
    this.trialInFlight = true;
    return null;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
