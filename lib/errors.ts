/**
 * The one application error type. Domain code throws `AppError` with a code and a reason; the HTTP
 * layer maps the code to a status in exactly one place ({@link httpStatusFor}) and renders the
 * reason in the reader's language (lib/i18n/error-text.ts). `message` is the English rendering, for
 * logs, the CLI and integrators. Vendor detail belongs in `cause`, never in the reason or params.
 */
import type { z } from 'zod';
import type { Locale } from '@/lib/i18n/locales';
import {
  isErrorReason,
  renderErrorText,
  type ErrorDetail,
  type ErrorParam,
  type ErrorParams,
  type ErrorReason,
  type ErrorText,
} from '@/lib/i18n/error-text';

export type { ErrorDetail, ErrorParam, ErrorParams, ErrorReason, ErrorText } from '@/lib/i18n/error-text';

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

/** What an error body carries beside `error`, for the page that knows what to do with it. */
export interface AppErrorExtra {
  /** Free times offered instead of one just taken (booking conflicts), as the booking page lists them. */
  alternatives?: readonly object[];
}

export interface AppErrorOptions {
  cause?: unknown;
  /** Values the reason's message names (ICU parameters). */
  params?: ErrorParams | undefined;
  /** Field-level problems (path -> message) or machine-readable facts (`reason: 'too_far'`). */
  details?: Readonly<Record<string, ErrorDetail>> | undefined;
  /** Seconds after which retrying may succeed (rate limits, unavailable upstreams). */
  retryAfterSeconds?: number | undefined;
  extra?: AppErrorExtra | undefined;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: AppErrorCode;
  readonly reason: ErrorReason;
  readonly params: ErrorParams | undefined;
  readonly details: Readonly<Record<string, ErrorDetail>> | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extra: AppErrorExtra | undefined;

  constructor(code: AppErrorCode, reason: ErrorReason, options: AppErrorOptions = {}) {
    super(
      renderErrorText({ reason, params: options.params }, 'en'),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.reason = reason;
    this.params = options.params;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extra = options.extra;
  }

  /** The message in the reader's language. */
  messageIn(locale: Locale): string {
    return renderErrorText(this.text(), locale);
  }

  text(): ErrorText {
    return { reason: this.reason, params: this.params };
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

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function issueText(issue: z.core.$ZodIssue, input: unknown): ErrorText {
  const params: Record<string, ErrorParam> = {};
  if (issue.code === 'too_big') params.max = Number(issue.maximum);
  if (issue.code === 'too_small') params.min = Number(issue.minimum);
  // A schema may name its own message, but only as a catalogue key: free text cannot be translated.
  if (isErrorReason(issue.message)) return { reason: issue.message, params };
  switch (issue.code) {
    case 'invalid_type':
      return { reason: valueAt(input, issue.path) === undefined ? 'field.required' : 'field.invalidType' };
    case 'too_big':
      if (issue.origin === 'string') return { reason: 'field.tooLong', params };
      if (issue.origin === 'array' || issue.origin === 'set') return { reason: 'field.tooMany', params };
      return { reason: 'field.tooBig', params };
    case 'too_small':
      if (issue.origin === 'string')
        return { reason: Number(issue.minimum) <= 1 ? 'field.required' : 'field.tooShort', params };
      if (issue.origin === 'array' || issue.origin === 'set') return { reason: 'field.tooFew', params };
      return { reason: 'field.tooSmall', params };
    case 'invalid_format':
      if (issue.format === 'email') return { reason: 'field.invalidEmail' };
      if (issue.format === 'date') return { reason: 'field.invalidDate' };
      return { reason: 'field.invalidFormat' };
    case 'invalid_value':
      return { reason: 'field.invalidOption' };
    case 'unrecognized_keys':
      return { reason: 'field.unknownFields' };
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
      return { reason: 'field.invalid' };
  }
}

/**
 * zod's problems as error details (path -> message), each translatable: the schema's own message
 * when it is a catalogue key, otherwise a field-independent message for the kind of problem
 * ("Too long: at most {max} characters"). The first problem of each path is kept.
 */
export function fieldProblems(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  root = 'body',
): Record<string, ErrorText> {
  const problems: Record<string, ErrorText> = {};
  for (const issue of issues) problems[issue.path.map(String).join('.') || root] ??= issueText(issue, input);
  return problems;
}
