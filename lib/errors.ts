/**
 * The one application error type. Domain code throws `AppError` with a code; the HTTP layer maps the
 * code to a status in exactly one place ({@link httpStatusFor}). Vendor detail belongs in `cause`,
 * never in `message`, which is shown to people.
 */
export type AppErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable';

export interface AppErrorOptions {
  cause?: unknown;
  /** Field-level problems for invalid input: path -> message. */
  details?: Record<string, string>;
  /** Seconds after which retrying may succeed (rate limits, unavailable upstreams). */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: AppErrorCode;
  readonly details: Record<string, string> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function httpStatusFor(code: AppErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'precondition_failed':
      return 412;
    case 'payload_too_large':
      return 413;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
  }
}
