/**
 * The resilience of calls to one EHR endpoint, on cockatiel (https://github.com/connor4312/cockatiel):
 * per call an overall budget; inside it bounded retries with exponential backoff and jitter (or the
 * server's Retry-After); a circuit breaker that opens after consecutive transient failures and lets one
 * trial through after a pause; and a timeout per attempt, so a server that accepts connections and never
 * answers fails in seconds. The attempt includes getting the access token, so a token endpoint that
 * fails during the breaker's trial re-opens it instead of leaving it stuck.
 *
 * Reads are retried after any transient failure; writes only when the server said it did not process
 * them (429, 503): a write that timed out or lost its reply has an unknown outcome and is reconciled by
 * the caller, never repeated blindly. Per process: each replica protects itself.
 */
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { AppError } from '@/lib/errors';

/** A FHIR server's failing answer (status) or no answer at all (status null). */
export class FhirCallFailure extends Error {
  override name = 'FhirCallFailure';
  constructor(
    readonly status: number | null,
    readonly data: unknown,
    readonly retryAfterMs: number | null,
    cause?: unknown,
  ) {
    super(status === null ? 'no answer from the FHIR server' : `FHIR server answered ${status}`, { cause });
  }
}

export interface ResilienceOptions {
  /** Budget for one call, retries included. */
  callTimeoutMs: number;
  /** Budget for one attempt (connect, token, first byte and body). */
  attemptTimeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Base backoff: attempt n waits base * 2^(n-1) plus jitter, or Retry-After when given (capped). */
  backoffMs?: number;
  /** Consecutive transient failures that open the circuit. */
  breakAfter?: number;
  /** How long the circuit stays open before one trial call. */
  halfOpenAfterMs?: number;
}

const MAX_RETRY_AFTER_MS = 5000;

/** Failures that say the server is unwell (or unreachable), as opposed to refusing this request. */
export function isTransient(error: Error): boolean {
  if (error instanceof FhirCallFailure) return error.status === null || error.status === 429 || error.status >= 500;
  if (error instanceof TaskCancelledError) return true;
  return error instanceof AppError && error.code === 'unavailable';
}

/** Failures after which the server certainly did not process a write. */
function notProcessed(error: Error): boolean {
  return error instanceof FhirCallFailure && (error.status === 429 || error.status === 503);
}

export class EndpointResilience {
  readonly breaker: CircuitBreakerPolicy;
  private readonly reads: IPolicy;
  private readonly writes: IPolicy;

  constructor(private readonly options: ResilienceOptions) {
    const backoffMs = options.backoffMs ?? 200;
    const backoff = new DelegateBackoff<{ attempt: number; result: { error: Error } | { value: unknown } }>(
      (context) => {
        const error = 'error' in context.result ? context.result.error : null;
        if (error instanceof FhirCallFailure && error.retryAfterMs !== null)
          return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
        return backoffMs * 2 ** (context.attempt - 1) + Math.random() * backoffMs;
      },
    );
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    const attempt = timeout(options.attemptTimeoutMs, TimeoutStrategy.Aggressive);
    const call = timeout(options.callTimeoutMs, TimeoutStrategy.Aggressive);
    const maxAttempts = options.maxRetries ?? 2;
    this.reads = wrap(call, retry(handleWhen(isTransient), { maxAttempts, backoff }), this.breaker, attempt);
    this.writes = wrap(call, retry(handleWhen(notProcessed), { maxAttempts, backoff }), this.breaker, attempt);
  }

  /**
   * Runs one call; `attempt` gets a signal that aborts when the attempt's time is up. Failures come
   * back as they were thrown, plus BrokenCircuitError (circuit open) and TaskCancelledError (timeout).
   */
  run<T>(kind: 'read' | 'write', attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return (kind === 'read' ? this.reads : this.writes).execute(({ signal }) => attempt(signal));
  }

  /** Seconds until the circuit lets a trial through, for a Retry-After. */
  get retryAfterSeconds(): number {
    return Math.ceil((this.options.halfOpenAfterMs ?? 30_000) / 1000);
  }
}

export { BrokenCircuitError, TaskCancelledError };
