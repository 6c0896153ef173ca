/**
 * HTTP to one clinic's FHIR server through fhir-kit-client: the request id (`x-request-id`),
 * `Content-Type: application/fhir+json` on writes, auth (one token refresh on 401), and the endpoint's
 * resilience policy (resilience.ts: call and attempt timeouts, bounded retries of reads and of writes
 * the server did not process, a circuit breaker). Failures become the app's errors in one place.
 */
import type * as FhirKitModule from 'fhir-kit-client';
import type { Client } from 'fhir-kit-client';
import type { Bundle, OperationOutcome, Parameters as FhirParameters, Resource } from 'fhir/r4';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import { currentRequestContext } from '@/lib/request-context';
import type { TokenSource } from './auth';
import type { RequestBudget } from './request-budget';
import { BrokenCircuitError, FhirCallFailure, TaskCancelledError, type EndpointResilience } from './resilience';

export interface TransportOptions {
  baseUrl: string;
  tokens: TokenSource;
  /** The endpoint's policy, shared by every call to it (and by the token fetch inside each attempt). */
  resilience: EndpointResilience;
  /** Requests per second and concurrency allowed at this endpoint (the change feed's share), if limited. */
  budget?: RequestBudget | undefined;
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

const UNAVAILABLE = 'ehr.unavailable';
const MISCONFIGURED = 'ehr.misconfigured';

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
  if (status === 401 || status === 403) {
    // Not the patient's doing: the clinic's EHR refuses the app's credentials or their scope. The
    // integrator needs to know (run `npm run tenant:check`); the patient can only call the clinic.
    log().error(
      { status, detail: outcomeText(data) },
      'the EHR refused the app: check the client credentials and the granted scopes (npm run tenant:check)',
    );
    return new AppError('unavailable', MISCONFIGURED, { cause });
  }
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
  private readonly aliases = new Set<string>();

  constructor(private readonly options: TransportOptions) {}

  private connection(): Promise<{ kit: FhirKit; client: Client }> {
    this.client ??= loadFhirKit().then((kit) => ({ kit, client: new kit.Client({ baseUrl: this.options.baseUrl }) }));
    return this.client;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** The token source of this endpoint (the onboarding check reads what scope it was granted). */
  get tokens(): TokenSource {
    return this.options.tokens;
  }

  async read<T extends Resource>(path: string): Promise<FhirResult<T>> {
    return this.send<T>('GET', path);
  }

  /**
   * Another name the server gives itself (its CapabilityStatement's `implementation.url`): links that
   * use it are accepted as the server's own and followed at the configured base URL.
   */
  acceptAlias(baseUrl: string | undefined): void {
    if (!baseUrl) return;
    try {
      const alias = new URL(baseUrl);
      const configured = new URL(this.options.baseUrl);
      if (alias.protocol === configured.protocol && alias.port === configured.port) this.aliases.add(alias.hostname);
    } catch {
      // Not a URL: nothing to accept.
    }
  }

  /**
   * An absolute link as a URL on the configured base, if it is this server's: same scheme, port and
   * path prefix, and the configured host or one the server names itself by; null otherwise.
   */
  private onThisServer(link: string): string | null {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return null;
    }
    const base = new URL(this.options.baseUrl);
    const prefix = base.pathname.replace(/\/$/, '');
    const samePath = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    const sameHost = url.hostname === base.hostname || this.aliases.has(url.hostname);
    if (url.protocol !== base.protocol || url.port !== base.port || !samePath || !sameHost) return null;
    url.hostname = base.hostname;
    return url.toString();
  }

  /** GET of a search or a `next` link (absolute URLs must be on this server). */
  async search(pathOrUrl: string): Promise<Bundle> {
    let target = pathOrUrl;
    if (/^https?:/i.test(pathOrUrl)) {
      const own = this.onThisServer(pathOrUrl);
      if (!own) throw new AppError('invalid_input', 'ehr.pageLinkForeign');
      target = own;
    }
    return (await this.send<Bundle>('GET', target)).body;
  }

  async transaction(bundle: Bundle): Promise<Bundle> {
    // POST to the base URL itself: a trailing slash can be redirected, and a redirected POST loses its body.
    return (await this.send<Bundle>('POST', this.options.baseUrl, bundle)).body;
  }

  /** POST of an operation's Parameters (e.g. `Appointment/$book`); its answer as the server gives it. */
  async operation<T extends Resource>(path: string, parameters: FhirParameters): Promise<T> {
    return (await this.send<T>('POST', path, parameters)).body;
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
    const requestId = currentRequestContext()?.requestId;
    try {
      const call = (): Promise<FhirResult<T>> =>
        this.options.resilience.run(method === 'GET' ? 'read' : 'write', (signal) =>
          this.attempt<T>(
            method,
            path,
            body,
            { ...extraHeaders, ...(requestId ? { 'x-request-id': requestId } : {}) },
            signal,
          ),
        );
      return await (this.options.budget ? this.options.budget.run(call) : call());
    } catch (error) {
      throw this.failure(method, path, error);
    }
  }

  /** One attempt: the token (refreshed once after a 401), then the request. */
  private async attempt<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    extraHeaders: Record<string, string>,
    signal: AbortSignal,
  ): Promise<FhirResult<T>> {
    const { kit, client } = await this.connection();
    for (let refreshed = false; ; refreshed = true) {
      const headers: Record<string, string> = { accept: 'application/fhir+json', ...extraHeaders };
      // fhir-kit-client's request() declares no type, so fetch would send text/plain, which servers refuse.
      if (body !== undefined) headers['content-type'] = 'application/fhir+json';
      const authorization = await this.options.tokens.authorization(signal);
      if (authorization) headers.authorization = authorization;
      try {
        // keepalive is off: fetch implementations (Next.js's among them) refuse keepalive requests with bodies.
        const result = (await client.request(path, {
          method,
          options: { headers, signal, keepalive: false },
          ...(body === undefined ? {} : { body }),
        })) as T;
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
          this.options.tokens.invalidate();
          continue;
        }
        if (status === 429) this.options.budget?.pause(retryAfterMs(failure) ?? 1000);
        throw new FhirCallFailure(status, failure?.response?.data, retryAfterMs(failure), error);
      }
    }
  }

  /** The app's error for a failed call, logged without PHI (method and resource type only). */
  private failure(method: string, path: string, error: unknown): AppError {
    const resourceType =
      /^(?:https?:\/\/[^?]*?\/)?([A-Z][A-Za-z]+|_history|metadata)?/.exec(
        path.replace(this.options.baseUrl, '').replace(/^\//, ''),
      )?.[1] ?? 'base';
    if (error instanceof BrokenCircuitError) {
      return new AppError('unavailable', UNAVAILABLE, {
        retryAfterSeconds: this.options.resilience.retryAfterSeconds,
        cause: new Error('circuit open'),
      });
    }
    if (error instanceof AppError) return error;
    const status = error instanceof FhirCallFailure ? error.status : null;
    log().warn(
      {
        status,
        method,
        resourceType,
        reason:
          error instanceof TaskCancelledError
            ? 'timed out'
            : status === null && error instanceof Error
              ? error.cause instanceof Error
                ? error.cause.message
                : error.message
              : undefined,
      },
      'FHIR request failed',
    );
    if (error instanceof FhirCallFailure && error.status !== null)
      return mapFhirFailure(error.status, error.data, error.retryAfterMs);
    return new AppError('unavailable', UNAVAILABLE, { cause: error, retryAfterSeconds: 5 });
  }
}
