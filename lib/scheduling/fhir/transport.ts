/**
 * HTTP to one clinic's FHIR server through fhir-kit-client, with the resilience every call needs:
 * a timeout, the request id (`x-request-id`), auth (one token refresh on 401), bounded retries with
 * backoff and jitter for reads and for 429/503 (honouring Retry-After, since those were not
 * processed), never a blind retry of a write, and a circuit breaker per endpoint.
 */
import type * as FhirKitModule from 'fhir-kit-client';
import type { Client } from 'fhir-kit-client';
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import { currentRequestContext } from '@/lib/request-context';
import type { CircuitBreaker } from './circuit-breaker';
import type { TokenSource } from './auth';

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  tokens: TokenSource;
  breaker: CircuitBreaker;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Base backoff; attempt n waits base * 2^n plus jitter, or Retry-After when given (capped). */
  backoffMs?: number;
}

export interface FhirResult<T> {
  body: T;
  etag: string | null;
  location: string | null;
}

interface KitError {
  response?: { status?: number; data?: unknown };
  config?: { headers?: Headers };
}

const MAX_RETRY_AFTER_MS = 5000;
const UNAVAILABLE = 'ehr.unavailable';

function kitError(error: unknown): KitError | null {
  return typeof error === 'object' && error !== null && 'response' in error ? (error as KitError) : null;
}

function retryAfterMs(error: KitError | null): number | null {
  const header = error?.config?.headers?.get?.('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function outcomeText(data: unknown): string | null {
  const outcome = data as Partial<OperationOutcome> | undefined;
  return outcome?.resourceType === 'OperationOutcome'
    ? (outcome.issue
        ?.map((issue) => issue.diagnostics ?? issue.details?.text)
        .filter(Boolean)
        .join('; ') ?? null)
    : null;
}

/** A FHIR server's refusal as the app's error, with the server's words kept only in `cause`. */
export function mapFhirFailure(status: number, data: unknown, retryAfter: number | null): AppError {
  const cause = new Error(`FHIR server answered ${status}${outcomeText(data) ? `: ${outcomeText(data)}` : ''}`);
  if (status === 404 || status === 410) return new AppError('not_found', 'ehr.recordNotFound', { cause });
  if (status === 409 || status === 412) return new AppError('conflict', 'ehr.changedConcurrently', { cause });
  if (status === 400 || status === 422) return new AppError('invalid_input', 'ehr.requestRefused', { cause });
  return new AppError('unavailable', UNAVAILABLE, {
    cause,
    ...(retryAfter !== null ? { retryAfterSeconds: Math.ceil(retryAfter / 1000) } : {}),
  });
}

type FhirKit = typeof FhirKitModule;

/** fhir-kit-client is ESM-only; a dynamic import loads it from CommonJS contexts too (CLI scripts). */
let fhirKit: Promise<FhirKit> | undefined;
function loadFhirKit(): Promise<FhirKit> {
  fhirKit ??= import('fhir-kit-client');
  return fhirKit;
}

export class FhirTransport {
  private client: Promise<{ kit: FhirKit; client: Client }> | undefined;

  constructor(private readonly options: TransportOptions) {}

  private connection(): Promise<{ kit: FhirKit; client: Client }> {
    this.client ??= loadFhirKit().then((kit) => ({ kit, client: new kit.Client({ baseUrl: this.options.baseUrl }) }));
    return this.client;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async read<T extends Resource>(path: string): Promise<FhirResult<T>> {
    return this.send<T>('GET', path);
  }

  /** GET of a search or a `next` link (absolute URLs must be on this server). */
  async search(pathOrUrl: string): Promise<Bundle> {
    if (
      /^https?:/i.test(pathOrUrl) &&
      !pathOrUrl.startsWith(`${this.options.baseUrl}/`) &&
      !pathOrUrl.startsWith(`${this.options.baseUrl}?`)
    ) {
      throw new AppError('invalid_input', 'ehr.pageLinkForeign');
    }
    return (await this.send<Bundle>('GET', pathOrUrl)).body;
  }

  async transaction(bundle: Bundle): Promise<Bundle> {
    // POST to the base URL itself: a trailing slash can be redirected, and a redirected POST loses its body.
    return (await this.send<Bundle>('POST', this.options.baseUrl, bundle)).body;
  }

  async create<T extends Resource>(resource: T, headers: Record<string, string> = {}): Promise<FhirResult<T>> {
    return this.send<T>('POST', resource.resourceType, resource, headers);
  }

  async update<T extends Resource & { id?: string }>(resource: T, ifMatch: string): Promise<FhirResult<T>> {
    return this.send<T>('PUT', `${resource.resourceType}/${resource.id ?? ''}`, resource, { 'if-match': ifMatch });
  }

  private async send<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<FhirResult<T>> {
    const maxRetries = this.options.maxRetries ?? 2;
    const backoffMs = this.options.backoffMs ?? 200;
    let refreshed = false;
    for (let attempt = 0; ; attempt += 1) {
      const blocked = this.options.breaker.blockedForSeconds();
      if (blocked !== null)
        throw new AppError('unavailable', UNAVAILABLE, {
          retryAfterSeconds: blocked,
          cause: new Error('circuit open'),
        });
      const headers: Record<string, string> = { accept: 'application/fhir+json', ...extraHeaders };
      const requestId = currentRequestContext()?.requestId;
      if (requestId) headers['x-request-id'] = requestId;
      // keepalive is off: fetch implementations (Next.js's among them) refuse keepalive requests with bodies.
      const authorization = await this.options.tokens.authorization();
      if (authorization) headers.authorization = authorization;
      const { kit, client } = await this.connection();
      try {
        const result = (await client.request(path, {
          method,
          options: { headers, signal: AbortSignal.timeout(this.options.timeoutMs), keepalive: false },
          ...(body === undefined ? {} : { body }),
        })) as T;
        this.options.breaker.success();
        const response = kit.Client.httpFor(result as Parameters<typeof kit.Client.httpFor>[0]).response;
        return {
          body: result,
          etag: response?.headers.get('etag') ?? null,
          location: response?.headers.get('location') ?? response?.headers.get('content-location') ?? null,
        };
      } catch (error) {
        const failure = kitError(error);
        const status = failure?.response?.status ?? null;
        if (status === 401 && this.options.tokens.refreshable && !refreshed) {
          refreshed = true;
          this.options.tokens.invalidate();
          attempt -= 1;
          continue;
        }
        const transient =
          status === null || status === 429 || status === 502 || status === 503 || status === 504 || status >= 500;
        if (transient) this.options.breaker.failure();
        else this.options.breaker.success();
        // Reads may always be retried; writes only when the server says it did not process them.
        const retryable = transient && (method === 'GET' || status === 429 || status === 503);
        const serverDelay = retryAfterMs(failure);
        if (retryable && attempt < maxRetries) {
          const delay =
            serverDelay !== null
              ? Math.min(serverDelay, MAX_RETRY_AFTER_MS)
              : backoffMs * 2 ** attempt + Math.random() * backoffMs;
          log().warn({ status, attempt, method }, 'FHIR request failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        // Method and resource type only: ids in the path may identify a patient.
        const resourceType =
          /^(?:https?:\/\/[^?]*?\/)?([A-Z][A-Za-z]+|_history|metadata)?/.exec(
            path.replace(this.options.baseUrl, '').replace(/^\//, ''),
          )?.[1] ?? 'base';
        log().warn(
          {
            status,
            method,
            resourceType,
            reason: status === null && error instanceof Error ? error.message : undefined,
          },
          'FHIR request failed',
        );
        if (status === null) throw new AppError('unavailable', UNAVAILABLE, { cause: error, retryAfterSeconds: 5 });
        throw mapFhirFailure(status, failure?.response?.data, serverDelay);
      }
    }
  }
}
