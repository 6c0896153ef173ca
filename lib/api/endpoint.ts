/**
 * How the API contract describes one endpoint: its method, a path builder, the request it takes and
 * the answer it gives. Route handlers parse with the request schemas (`lib/api/*.input.ts`, full zod,
 * server-side) and answer values that satisfy the response schemas; components call endpoints through
 * `callApi` (lib/api/client.ts), which parses answers with the response and error schemas.
 *
 * Response and error schemas use zod/mini: they run in the browser, and full zod would add hundreds
 * of kilobytes to every page that calls the API. Request schemas reach the browser as types only.
 */
import type * as z from 'zod/mini';
import { apiErrorBodySchema, type ApiErrorBody } from './error-body';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * What a successful answer carries: JSON parsed by `response`; `text` (a file: iCalendar, CSV);
 * `none` (204, parsed as `null`); `event-stream` (server-sent events, each event's data parsed by
 * `response`); `redirect` (a 303 after a plain HTML form post).
 */
export type ResponseFormat = 'json' | 'text' | 'none' | 'event-stream' | 'redirect';

export type PathParams = Record<string, string>;

/** The request side, as types: the JSON body and the query parameters a caller passes. */
export interface EndpointRequest {
  body?: unknown;
  query?: unknown;
}

export interface Endpoint<
  TParams extends PathParams = PathParams,
  TRequest extends EndpointRequest = EndpointRequest,
  TResponse extends z.ZodMiniType = z.ZodMiniType,
  TError extends z.ZodMiniType<ApiErrorBody> = z.ZodMiniType<ApiErrorBody>,
> {
  readonly method: HttpMethod;
  readonly path: (params: TParams) => string;
  readonly format: ResponseFormat;
  /** The success body (JSON formats) or each event's data (`event-stream`). */
  readonly response: TResponse;
  /** The failure body: the common error body, or an extension of it (the 409 with alternatives). */
  readonly error: TError;
  /** Type-level only: never set at run time. */
  readonly request?: TRequest;
}

/** Any endpoint, for generic helpers (`never`: every path builder accepts it, whatever its parameters). */
export type AnyEndpoint = Endpoint<never, EndpointRequest, z.ZodMiniType, z.ZodMiniType<ApiErrorBody>>;

/**
 * What a form sends: the request schema's input with its fixed choices (a `<select>`, radio buttons)
 * as plain strings, since a form control's value is a string; the server refuses any other value.
 */
export type FormInput<T> = {
  [K in keyof T]: [NonNullable<T[K]>] extends [string] ? string | Extract<T[K], undefined> : T[K];
};

export type ParamsOf<E extends AnyEndpoint> = Parameters<E['path']>[0];
export type BodyOf<E extends AnyEndpoint> = NonNullable<E['request']> extends { body: infer B } ? B : undefined;
export type QueryOf<E extends AnyEndpoint> = NonNullable<E['request']> extends { query: infer Q } ? Q : undefined;
export type ResponseOf<E extends AnyEndpoint> = z.infer<E['response']>;
export type ErrorBodyOf<E extends AnyEndpoint> = z.infer<E['error']>;

interface EndpointSpec<
  TParams extends PathParams,
  TResponse extends z.ZodMiniType,
  TError extends z.ZodMiniType<ApiErrorBody>,
> {
  method: HttpMethod;
  path: (params: TParams) => string;
  format?: ResponseFormat;
  response: TResponse;
  error?: TError;
}

type DefineEndpoint<TRequest extends EndpointRequest> = <
  TParams extends PathParams,
  TResponse extends z.ZodMiniType,
  TError extends z.ZodMiniType<ApiErrorBody> = typeof apiErrorBodySchema,
>(
  spec: EndpointSpec<TParams, TResponse, TError>,
) => Endpoint<TParams, TRequest, TResponse, TError>;

/**
 * Defines an endpoint. The request types come first, explicitly (usually `z.input` of a request
 * schema); the rest is inferred: `defineEndpoint<{ body: BookInput }>()({ method, path, response })`.
 */
export function defineEndpoint<TRequest extends EndpointRequest = Record<never, never>>(): DefineEndpoint<TRequest> {
  return (spec) => ({
    method: spec.method,
    path: spec.path,
    format: spec.format ?? 'json',
    response: spec.response,
    error: spec.error ?? (apiErrorBodySchema as unknown as NonNullable<typeof spec.error>),
  });
}

/** One path segment, encoded (ids are opaque strings from the EHR). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
