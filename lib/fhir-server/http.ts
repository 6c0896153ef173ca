/**
 * The sandbox's HTTP surface as one framework-free function (Web `Request` in, `Response` out), served
 * by the Next route under /fhir/{partition} and by a plain node:http server in tests. Every failure is
 * an OperationOutcome with its status; every resource response has ETag and Last-Modified.
 */
import { log } from '@/lib/logger';
import { issueToken, OAuthError, readPartition, requireBearer } from './auth';
import { processBundle } from './bundles';
import { capabilityStatement } from './capability';
import { readLimitedText } from './limits';
import { inTransaction, sandboxPool, type Queryable } from './db';
import { executeOperation, historyBundle, type OperationResult } from './operations';
import { badRequest, FhirError, notFound, notSupported } from './outcome';
import {
  offersSchedulingOperations,
  Permissions,
  publicBaseUrl,
  type PartitionBehaviour,
  type PartitionContext,
} from './profile';
import { readHistory } from './store';
import { runSchedulingOperation, schedulingOperationDefinitions, sweepExpiredHolds } from './scheduling-operations';
import { notifySubscriptions, prepareSubscription } from './subscriptions';
import { isObject, type JsonObject } from './values';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export interface FhirRequestContext {
  partition: string;
  /** Path segments below /fhir/{partition}. */
  path: string[];
  databaseUrl: string;
  /** Base URL of the partition as requested, e.g. http://localhost:3000/fhir/demo. */
  baseUrl: string;
}

const JSON_MEDIA_TYPES = new Set(['application/fhir+json', 'application/json']);

/** A write's body must be declared JSON (RFC 7231 §3.1.1.5); servers ignore or refuse anything else. */
function requireJsonContentType(request: Request): void {
  const declared = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_MEDIA_TYPES.has(declared))
    throw new FhirError(
      415,
      'not-supported',
      'The body must be sent as application/fhir+json (or application/json), ' +
        `not ${JSON.stringify(declared || 'none')}.`,
    );
}

function fhirResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': FHIR_JSON, ...headers },
  });
}

async function readJsonBody(request: Request): Promise<JsonObject> {
  requireJsonContentType(request);
  const text = await readLimitedText(request);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
  if (!isObject(parsed)) throw badRequest('The body must be a JSON object (a FHIR resource).');
  return parsed;
}

const LENIENT: PartitionBehaviour = { profile: 'lenient', transactions: 'atomic', scheduling: 'slot-writes' };

function smartConfiguration(baseUrl: string, behaviour: PartitionBehaviour): Record<string, unknown> {
  return {
    token_endpoint: `${baseUrl}/auth/token`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported:
      behaviour.profile === 'strict'
        ? ['system/*.cruds', 'system/*.rs', 'system/*.*', 'system/*.read', 'system/*.write']
        : ['system/*.read', 'system/*.write'],
    capabilities: [
      'client-confidential-symmetric',
      ...(behaviour.profile === 'strict' ? ['permission-v1', 'permission-v2'] : []),
    ],
  };
}

export async function handleFhirRequest(request: Request, context: FhirRequestContext): Promise<Response> {
  const [first, second] = context.path;
  try {
    const pool = await sandboxPool(context.databaseUrl);
    const found = await readPartition(pool, context.partition);
    const behaviour = found ?? LENIENT;
    const baseUrl = publicBaseUrl(behaviour.profile, context.baseUrl);
    if (request.method === 'GET' && first === 'metadata' && context.path.length === 1)
      return fhirResponse(200, capabilityStatement(baseUrl, behaviour));
    if (request.method === 'GET' && first === '.well-known' && second === 'smart-configuration')
      return Response.json(smartConfiguration(baseUrl, behaviour));
    if (!found) throw notFound(`There is no sandbox partition "${context.partition}".`);

    if (first === 'auth' && second === 'token' && context.path.length === 2) {
      if (request.method !== 'POST') throw new FhirError(405, 'not-supported', 'The token endpoint takes POST.');
      try {
        const token = await issueToken(
          pool,
          context.partition,
          behaviour,
          new URLSearchParams(await readLimitedText(request, 64 * 1024)),
          request.headers.get('authorization'),
        );
        return Response.json(token, { headers: { 'cache-control': 'no-store' } });
      } catch (error) {
        if (error instanceof OAuthError)
          return Response.json(
            { error: error.error, error_description: error.message },
            { status: error.status, headers: { 'cache-control': 'no-store' } },
          );
        throw error;
      }
    }

    const granted = await requireBearer(pool, context.partition, request.headers.get('authorization'));
    const partition: PartitionContext = {
      name: context.partition,
      ...behaviour,
      baseUrl,
      permissions: behaviour.profile === 'strict' ? new Permissions(granted) : null,
    };
    const url = new URL(request.url);
    const strict = /handling\s*=\s*strict/i.test(request.headers.get('prefer') ?? '');

    const writeStartedAt = new Date();
    if (context.path.length === 0) {
      if (request.method !== 'POST')
        throw new FhirError(405, 'not-supported', 'The base URL takes POST of a transaction or batch Bundle.');
      const answer = await processBundle(pool, partition, await readJsonBody(request));
      void notifySubscriptions(pool, partition, writeStartedAt);
      return fhirResponse(200, answer);
    }
    if (first === '_history' && context.path.length === 1 && request.method === 'GET') {
      if (behaviour.profile === 'strict') throw notSupported('This server does not offer system /_history.');
      const since = url.searchParams.get('_since');
      const sinceDate = since ? new Date(since) : undefined;
      if (sinceDate && Number.isNaN(sinceDate.getTime())) throw badRequest('_since must be an instant.', ['_since']);
      const countRaw = url.searchParams.get('_count') ?? '50';
      if (!/^\d{1,4}$/.test(countRaw) || Number(countRaw) > 1000)
        throw badRequest('_count must be a whole number from 0 to 1000.', ['_count']);
      const count = Number(countRaw);
      const history = await readHistory(pool, context.partition, {
        ...(sinceDate ? { since: sinceDate } : {}),
        count,
        offset: 0,
      });
      return fhirResponse(200, historyBundle(history.entries, history.total, baseUrl));
    }

    if (first === 'OperationDefinition' && context.path.length === 2 && request.method === 'GET') {
      const definition = offersSchedulingOperations(behaviour)
        ? schedulingOperationDefinitions().find((candidate) => candidate.id === second)
        : undefined;
      if (!definition) throw notFound(`OperationDefinition/${second ?? ''} does not exist.`);
      return fhirResponse(200, definition);
    }
    if (first === 'Appointment' && second?.startsWith('$') && context.path.length === 2) {
      const result = await runSchedulingOperation(pool, partition, {
        method: request.method,
        operation: second,
        query: url.searchParams,
        body: request.method === 'POST' ? await readJsonBody(request) : undefined,
      });
      if (request.method === 'POST' && second !== '$find') void notifySubscriptions(pool, partition, writeStartedAt);
      return fhirResponse(result.status, result.resource);
    }
    // Holds that ran out free their slots before anyone reads them.
    if (offersSchedulingOperations(behaviour) && (first === 'Slot' || first === 'Appointment'))
      await sweepExpiredHolds(pool, partition);

    let query = url.searchParams;
    let body: JsonObject | undefined;
    if (request.method === 'POST' && second === '_search') {
      query = new URLSearchParams([
        ...url.searchParams.entries(),
        ...new URLSearchParams(await readLimitedText(request)).entries(),
      ]);
    } else if (request.method === 'POST' || request.method === 'PUT') {
      body = await readJsonBody(request);
      if (first === 'Subscription') body = prepareSubscription(body);
    }
    // A read needs no transaction: under READ COMMITTED each statement takes its own snapshot either
    // way, and BEGIN and COMMIT would be two more round trips to the database on every search.
    const readOnly = request.method === 'GET' || (request.method === 'POST' && second === '_search');
    const execute = (client: Queryable): Promise<OperationResult> =>
      executeOperation(
        client,
        partition,
        {
          method: request.method,
          path: context.path,
          query,
          ...(body ? { body } : {}),
          ifMatch: request.headers.get('if-match'),
          ifNoneExist: request.headers.get('if-none-exist'),
        },
        strict,
      );
    const result = readOnly ? await execute(pool) : await inTransaction(pool, execute);
    if (request.method !== 'GET' && result.status < 300) void notifySubscriptions(pool, partition, writeStartedAt);
    const headers: Record<string, string> = {};
    if (result.etag) headers.etag = result.etag;
    if (result.lastModified) headers['last-modified'] = result.lastModified.toUTCString();
    if (result.location && result.status === 201) headers.location = result.location;
    const minimal = /return\s*=\s*minimal/i.test(request.headers.get('prefer') ?? '');
    return fhirResponse(result.status, minimal || result.status === 204 ? undefined : result.resource, headers);
  } catch (error) {
    if (error instanceof FhirError) {
      return fhirResponse(
        error.status,
        error.toOutcome(),
        error.status === 401 ? { 'www-authenticate': 'Bearer realm="fhir-sandbox"' } : {},
      );
    }
    log().error({ err: error }, 'FHIR sandbox request failed');
    return fhirResponse(500, new FhirError(500, 'exception', 'The sandbox failed to process the request.').toOutcome());
  }
}
