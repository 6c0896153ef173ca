/**
 * The one way pages call the API: `callApi(endpoint, { params, body, query, headers, fallbackMessage })`
 * fetches, parses a success with the endpoint's response schema and a failure with its error schema,
 * and throws an `ApiError` for anything but a parsed success. The caller gives the message for the
 * failures that carry none (no network, a body that is not ours), already translated.
 */
import type { AnyEndpoint, BodyOf, ErrorBodyOf, ParamsOf, QueryOf, ResponseOf } from './endpoint';
import type { ApiErrorBody } from './error-body';

/** `network`: no answer at all; `malformed_response`: an answer that does not match the contract. */
export type ClientErrorCode = 'network' | 'malformed_response';

export interface ApiErrorInit<TBody> {
  /** The HTTP status; 0 when there was no answer. */
  status: number;
  code: string;
  message: string;
  reason?: string | undefined;
  params?: Record<string, unknown> | undefined;
  details?: Record<string, unknown> | undefined;
  requestId?: string | undefined;
  /** The parsed failure body (e.g. the 409 with alternatives); null when there was none to parse. */
  body?: TBody | null | undefined;
}

/** A failed API call. `message` is ready to show the user. */
export class ApiError<TBody = ApiErrorBody> extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly reason: string | undefined;
  readonly params: Record<string, unknown>;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;
  readonly body: TBody | null;

  constructor(init: ApiErrorInit<TBody>) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.reason = init.reason;
    this.params = init.params ?? {};
    this.details = init.details ?? {};
    this.requestId = init.requestId;
    this.body = init.body ?? null;
  }

  /** The details that are text: per-field messages of a 400, a check-in refusal's reason. */
  get fieldErrors(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.details).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  }
}

type Optional<K extends string, T> = [T] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: T };

/** What one call sends: path parameters, and the body and query when the endpoint takes them. */
export type CallInput<E extends AnyEndpoint> = { params: ParamsOf<E> } & Optional<'body', BodyOf<E>> &
  Optional<'query', QueryOf<E>> & {
    headers?: Record<string, string> | undefined;
    signal?: AbortSignal | undefined;
    /** Let the request finish when the page is being left (a release on `pagehide`). */
    keepalive?: boolean | undefined;
  };

export type CallOptions<E extends AnyEndpoint> = CallInput<E> & {
  /** Shown when the failure carries no message of ours (no network, a foreign or malformed body). */
  fallbackMessage: string;
};

function queryString(query: unknown): string {
  if (query === undefined || query === null) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    search.set(
      key,
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value),
    );
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const value: unknown = await response.json();
    return value;
  } catch {
    return undefined;
  }
}

async function readSuccess(endpoint: AnyEndpoint, response: Response): Promise<unknown> {
  switch (endpoint.format) {
    case 'json':
    case 'event-stream':
      return readJson(response);
    case 'text':
      return response.text();
    case 'none':
    case 'redirect':
      return null;
  }
}

/** Calls one endpoint; resolves with the parsed answer or rejects with an `ApiError`. */
export async function callApi<E extends AnyEndpoint>(endpoint: E, options: CallOptions<E>): Promise<ResponseOf<E>> {
  const { fallbackMessage } = options;
  const headers = new Headers(options.headers);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  const path = (endpoint.path as (params: ParamsOf<E>) => string)(options.params);
  let response: Response;
  try {
    response = await fetch(`${path}${queryString(options.query)}`, {
      method: endpoint.method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(endpoint.method === 'GET' ? { cache: 'no-store' as const } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.keepalive ? { keepalive: true } : {}),
    });
  } catch (error) {
    // A cancelled query is not a failure to report.
    if (options.signal?.aborted) throw error;
    throw new ApiError<ErrorBodyOf<E>>({ status: 0, code: 'network', message: fallbackMessage });
  }
  if (!response.ok) {
    const parsed = endpoint.error.safeParse(await readJson(response));
    if (!parsed.success)
      throw new ApiError<ErrorBodyOf<E>>({ status: response.status, code: 'unknown', message: fallbackMessage });
    const body = parsed.data as ErrorBodyOf<E>;
    const { error } = body as ApiErrorBody;
    throw new ApiError<ErrorBodyOf<E>>({ status: response.status, ...error, body });
  }
  const parsed = endpoint.response.safeParse(await readSuccess(endpoint, response));
  if (!parsed.success)
    throw new ApiError<ErrorBodyOf<E>>({
      status: response.status,
      code: 'malformed_response',
      message: fallbackMessage,
    });
  return parsed.data as ResponseOf<E>;
}

/** Any failure as an `ApiError`: itself, or (a bug, a rejected sign-in call) the fallback message. */
export function toApiError<TBody = ApiErrorBody>(error: unknown, fallbackMessage: string): ApiError<TBody> {
  if (error instanceof ApiError) return error as ApiError<TBody>;
  return new ApiError<TBody>({ status: 0, code: 'client', message: fallbackMessage });
}
