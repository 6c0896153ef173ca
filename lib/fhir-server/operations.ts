/**
 * The interactions on one resource or type, shared by plain HTTP requests and Bundle entries so that
 * both behave identically.
 */
import type { Bundle, Resource } from 'fhir/r4';
import type { Queryable } from './db';
import { adjudicateEligibility, precheckEligibilityRequest } from './eligibility';
import { badRequest, FhirError, notFound, notSupported, preconditionFailed } from './outcome';
import { newVersionLabel, type Interaction, type PartitionContext } from './profile';
import { searchResources } from './search';
import { isSupportedType, type SandboxResourceType } from './search-parameters';
import {
  createResource,
  deleteResource,
  etag,
  parseIfMatch,
  readHistory,
  readLive,
  readVersion,
  updateResource,
  type StoredResource,
  type VersionLabeler,
} from './store';
import type { JsonObject } from './values';

export interface OperationResult {
  status: number;
  resource?: Resource;
  location?: string;
  etag?: string;
  lastModified?: Date;
}

export interface Operation {
  method: string;
  /** Path below the partition base: ["Slot", "123"], ["Patient"], ... */
  path: string[];
  query: URLSearchParams;
  body?: JsonObject;
  ifMatch?: string | null;
  ifNoneExist?: string | null;
}

export function resourceType(name: string | undefined): SandboxResourceType {
  if (!name || !isSupportedType(name))
    throw notSupported(`Resource type ${JSON.stringify(name ?? '')} is not supported by this server (see /metadata).`);
  return name;
}

export function stored(result: StoredResource, status: number, baseUrl: string): OperationResult {
  return {
    status,
    ...(result.content ? { resource: result.content as unknown as Resource } : {}),
    location: `${baseUrl}/${result.type}/${result.id}/_history/${result.versionLabel}`,
    etag: etag(result.versionLabel),
    lastModified: result.lastUpdated,
  };
}

/** The labeler for new versions in this partition (numbers, or opaque ids in the strict profile). */
export function versionLabels(partition: PartitionContext): VersionLabeler {
  return (versionId) => newVersionLabel(partition.profile, versionId);
}

const INTERACTION_NAMES: Record<Interaction, string> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  s: 'search',
};

/** 403 unless the token's scopes allow the interaction on the type (where scopes are enforced). */
export function requireScope(partition: PartitionContext, type: string, interaction: Interaction): void {
  if (!partition.permissions || partition.permissions.allows(type, interaction)) return;
  throw new FhirError(
    403,
    'forbidden',
    `The access token's scopes (${partition.permissions.granted || 'none'}) do not allow ` +
      `${INTERACTION_NAMES[interaction]} on ${type}.`,
  );
}

/** One interaction on a type or instance (https://hl7.org/fhir/R4/http.html). */
export async function executeOperation(
  client: Queryable,
  partition: PartitionContext,
  operation: Operation,
  strictHandling: boolean,
): Promise<OperationResult> {
  const [typeName, id, historyMarker, versionId, ...rest] = operation.path;
  const type = resourceType(typeName);
  if (rest.length > 0 || (historyMarker !== undefined && historyMarker !== '_history'))
    throw notFound(`No such endpoint: /${operation.path.join('/')}`);
  const method = operation.method.toUpperCase();
  const { name, baseUrl } = partition;
  if (type === 'Slot' && partition.scheduling === 'operations-only' && method !== 'GET' && id !== '_search')
    throw new FhirError(
      405,
      'not-supported',
      'This server does not let clients write Slot: book with Appointment/$hold and $book (see /metadata).',
    );
  const labels = versionLabels(partition);

  if (id === undefined || id === '_search' || id === '_history') {
    if (id === '_history' && method === 'GET') {
      if (partition.profile === 'strict') throw notSupported(`This server does not offer /${type}/_history.`);
      requireScope(partition, type, 'r');
      const { since, count, offset } = historyParams(operation.query);
      const history = await readHistory(client, name, { type, since, count, offset });
      return { status: 200, resource: historyBundle(history.entries, history.total, baseUrl) };
    }
    if (method === 'GET' || (method === 'POST' && id === '_search')) {
      requireScope(partition, type, 's');
      return {
        status: 200,
        resource: await searchResources(client, name, type, operation.query, {
          baseUrl,
          strict: strictHandling,
          profile: partition.profile,
        }),
      };
    }
    if (method === 'POST' && id === undefined) {
      if (!operation.body) throw badRequest('A resource body is required.');
      requireScope(partition, type, 'c');
      if (operation.ifNoneExist) {
        const existing = await searchResources(client, name, type, new URLSearchParams(operation.ifNoneExist), {
          baseUrl,
          strict: true,
          profile: 'lenient',
        });
        if ((existing.total ?? 0) > 1)
          throw preconditionFailed(`If-None-Exist matched ${existing.total} resources; it must match at most one.`);
        const match = existing.entry?.[0]?.resource;
        if (match?.id) return stored(await readLive(client, name, type, match.id), 200, baseUrl);
      }
      if (operation.body.id !== undefined)
        throw badRequest('A resource to create must not carry an id: this server assigns ids.', ['id']);
      if (type === 'CoverageEligibilityRequest') {
        // The sandbox answers as a synchronous payer would (rules in eligibility.ts).
        await precheckEligibilityRequest(client, name, operation.body);
        const request = await createResource(client, name, type, operation.body, { labels });
        if (request.content)
          await createResource(
            client,
            name,
            'CoverageEligibilityResponse',
            await adjudicateEligibility(client, name, request.content),
            { labels },
          );
        return stored(request, 201, baseUrl);
      }
      return stored(await createResource(client, name, type, operation.body, { labels }), 201, baseUrl);
    }
    throw notSupported(`${method} is not allowed on /${type}.`, 405);
  }

  if (historyMarker === '_history') {
    if (method !== 'GET') throw notSupported(`${method} is not allowed on history.`, 405);
    requireScope(partition, type, 'r');
    if (versionId !== undefined) {
      return stored(await readVersion(client, name, type, id, versionId), 200, baseUrl);
    }
    const { since, count, offset } = historyParams(operation.query);
    await readLive(client, name, type, id).catch((error: unknown) => {
      if (error instanceof Error && 'status' in error && error.status === 410) return;
      throw error;
    });
    const history = await readHistory(client, name, { type, id, since, count, offset });
    return { status: 200, resource: historyBundle(history.entries, history.total, baseUrl) };
  }

  switch (method) {
    case 'GET':
      requireScope(partition, type, 'r');
      return stored(await readLive(client, name, type, id), 200, baseUrl);
    case 'PUT': {
      if (!operation.body) throw badRequest('A resource body is required.');
      requireScope(partition, type, 'u');
      const ifMatch = operation.ifMatch ? parseIfMatch(operation.ifMatch) : undefined;
      return stored(await updateResource(client, name, type, id, operation.body, ifMatch, labels), 200, baseUrl);
    }
    case 'DELETE': {
      requireScope(partition, type, 'd');
      const ifMatch = operation.ifMatch ? parseIfMatch(operation.ifMatch) : undefined;
      const deleted = await deleteResource(client, name, type, id, ifMatch, labels);
      return deleted
        ? { status: 200, etag: etag(deleted.versionLabel), lastModified: deleted.lastUpdated }
        : { status: 204 };
    }
    default:
      throw notSupported(`${method} is not allowed on /${type}/${id}.`, 405);
  }
}

function historyParams(query: URLSearchParams): { since?: Date; count: number; offset: number } {
  const sinceRaw = query.get('_since');
  const since = sinceRaw ? new Date(sinceRaw) : undefined;
  if (since && Number.isNaN(since.getTime()))
    throw badRequest(`_since must be an instant, not ${JSON.stringify(sinceRaw)}.`, ['_since']);
  const countRaw = query.get('_count') ?? '50';
  if (!/^\d{1,4}$/.test(countRaw) || Number(countRaw) > 1000)
    throw badRequest('_count must be a whole number from 0 to 1000.', ['_count']);
  const offsetRaw = query.get('_offset') ?? '0';
  if (!/^\d{1,9}$/.test(offsetRaw)) throw badRequest('_offset must be a whole number.', ['_offset']);
  return { ...(since ? { since } : {}), count: Number(countRaw), offset: Number(offsetRaw) };
}

export function historyBundle(
  entries: (StoredResource & { method: string })[],
  total: number,
  baseUrl: string,
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'history',
    total,
    entry: entries.map((entry) => ({
      fullUrl: `${baseUrl}/${entry.type}/${entry.id}`,
      ...(entry.content ? { resource: entry.content as unknown as Resource } : {}),
      request: {
        method: entry.method as 'POST' | 'PUT' | 'DELETE',
        url: entry.method === 'POST' ? entry.type : `${entry.type}/${entry.id}`,
      },
      response: {
        status: entry.method === 'POST' ? '201' : entry.deleted ? '204' : '200',
        etag: etag(entry.versionLabel),
        lastModified: entry.lastUpdated.toISOString(),
      },
    })),
  };
}
