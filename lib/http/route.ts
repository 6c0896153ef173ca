/**
 * The one wrapper every API route handler goes through: it binds the request id to the async context
 * (so logs carry it), turns `AppError`s into JSON answers with the right status, and turns anything
 * else into a 500 that leaks nothing.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { type z } from 'zod';
import { AppError, fieldProblems, httpStatusFor, type ErrorParams, type ErrorReason } from '@/lib/errors';
import { renderErrorDetails, renderErrorText } from '@/lib/i18n/error-text';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/http/request-locale';
import { getTrustedProxies } from '@/lib/config';
import { requestHost, type TrustedProxies } from '@/lib/security/client-address';
import { log } from '@/lib/logger';
import { readLimitedBody } from '@/lib/net/read-limited-body';
import { runWithRequestContext } from '@/lib/request-context';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/request-id';

/**
 * What every API error answers: a stable `code` (the HTTP class) and `reason` (a catalogue key), the
 * `message` in the request's language, the values it names, field problems, and the request id.
 */
export interface ErrorBody {
  error: {
    code: string;
    reason: ErrorReason;
    message: string;
    params?: ErrorParams;
    details?: Record<string, string>;
    requestId: string;
  };
  /** Booking conflicts: the nearest free times instead. */
  alternatives?: readonly object[];
}

type RouteParams = Record<string, string | string[] | undefined>;
type Handler<P extends RouteParams> = (
  request: NextRequest,
  context: { params: P; requestId: string },
) => Promise<Response>;

/** The error as JSON with its status, its message and field problems in the reader's language. */
export function errorResponse(
  error: AppError,
  requestId: string,
  locale: Locale = DEFAULT_LOCALE,
): NextResponse<ErrorBody> {
  const headers = new Headers({ [REQUEST_ID_HEADER]: requestId });
  if (error.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.ceil(error.retryAfterSeconds)));
  return NextResponse.json(
    {
      error: {
        code: error.code,
        reason: error.reason,
        message: error.messageIn(locale),
        ...(error.params && Object.keys(error.params).length > 0 ? { params: error.params } : {}),
        ...(error.details ? { details: renderErrorDetails(error.details, locale) } : {}),
        requestId,
      },
      ...(error.extra?.alternatives ? { alternatives: error.extra.alternatives } : {}),
    },
    { status: httpStatusFor(error.code), headers },
  );
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Mutations must come from our own pages: a browser's cross-site request carries a foreign Origin
 * (or Sec-Fetch-Site: cross-site). Server-to-server callers (webhooks) send neither and pass; they
 * authenticate by signature instead.
 */
export function isCrossSiteMutation(request: Request, trustedProxies?: TrustedProxies): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  // X-Forwarded-Host counts only from a trusted proxy (lib/security/client-address.ts).
  const host = requestHost(request.headers, trustedProxies ?? getTrustedProxies()) ?? new URL(request.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * Path segments the API takes are ids and slugs: FHIR ids (`[A-Za-z0-9\-.]{1,64}`), clinic slugs,
 * opaque tokens. Anything longer or stranger is refused before a handler sees it (and so before it
 * can reach the EHR or an audit row).
 */
const ROUTE_PARAM = /^[A-Za-z0-9._~-]{1,128}$/;

function checkRouteParams(params: RouteParams): void {
  for (const value of Object.values(params).flat())
    if (value !== undefined && !ROUTE_PARAM.test(value)) throw new AppError('invalid_input', 'request.idInvalid');
}

export function defineRoute<P extends RouteParams = RouteParams>(handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    return runWithRequestContext({ requestId }, async () => {
      try {
        if (isCrossSiteMutation(request)) throw new AppError('forbidden', 'request.crossSite');
        // Routes without dynamic segments get no params object at all.
        const params = ((await context.params) as P | undefined) ?? ({} as P);
        checkRouteParams(params);
        const response = await handler(request, { params, requestId });
        response.headers.set(REQUEST_ID_HEADER, requestId);
        return response;
      } catch (error) {
        const locale = await requestLocale(request);
        if (error instanceof AppError) return errorResponse(error, requestId, locale);
        log().error({ err: error }, 'unhandled error in route handler');
        const reason = 'request.internal';
        return NextResponse.json(
          { error: { code: 'internal', reason, message: renderErrorText({ reason }, locale), requestId } },
          { status: 500, headers: { [REQUEST_ID_HEADER]: requestId } },
        );
      }
    });
  };
}

/** JSON bodies the API takes are small forms; anything bigger is refused before it is read whole. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

function bodyTooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', 'request.bodyTooLarge', {
    params: { maxKilobytes: Math.floor(maxBytes / 1024) },
  });
}

/** C0 controls and DEL, except tab and line breaks (which free text may hold). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The path of the first string (key or value) holding a control character, or null. */
function controlCharacterPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? path || 'body' : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = controlCharacterPath(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (CONTROL_CHARACTER.test(key)) return here;
      const found = controlCharacterPath(item, here);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Parses a JSON body with a zod schema. Bad JSON or bad fields become a 400 naming the problem, text
 * with control characters (a NUL byte, ...) a 400 naming the field, and a body over `maxBytes` a 413.
 */
export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes = MAX_JSON_BODY_BYTES,
): Promise<z.infer<T>> {
  const text = await readLimitedBody(request, maxBytes, () => bodyTooLarge(maxBytes));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'request.badJson');
  }
  const controlled = controlCharacterPath(body, '');
  if (controlled)
    throw new AppError('invalid_input', 'request.controlCharacters', {
      details: { [controlled]: { reason: 'field.controlCharacters' } },
    });
  const result = schema.safeParse(body);
  if (!result.success)
    throw new AppError('invalid_input', 'request.invalidFields', { details: fieldProblems(result.error.issues, body) });
  return result.data;
}

/** Parses query parameters with a zod schema; bad values become a 400 naming the parameter. */
export function parseSearchParams<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams.entries()].filter(([, value]) => value !== ''),
  );
  const result = schema.safeParse(params);
  if (!result.success) {
    const details = fieldProblems(result.error.issues, params, 'query');
    throw new AppError('invalid_input', 'request.invalidSearch', { details });
  }
  return result.data;
}
