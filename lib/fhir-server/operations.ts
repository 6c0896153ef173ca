/**
 * The interactions on one resource or type, shared by plain HTTP requests and Bundle entries so that
 * both behave identically.
 */
import type { Bundle, Resource } from 'fhir/r4';
import type { Queryable } from './db';
import { adjudicateEligibility, precheckEligibilityRequest } from './eligibility';
import { badRequest, notFound, notSupported, preconditionFailed } from './outcome';
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

function stored(result: StoredResource, status: number, baseUrl: string): OperationResult {
  return {
    status,
    ...(result.content ? { resource: result.content as unknown as Resource } : {}),
    location: `${baseUrl}/${result.type}/${result.id}/_history/${result.versionId}`,
    etag: etag(result.versionId),
    lastModified: result.lastUpdated,
  };
}

export async function executeOperation(
  client: Queryable,
  partition: string,
  operation: Operation,
  baseUrl: string,
  strict: boolean,
): Promise<OperationResult> {
  const [typeName, id, historyMarker, versionId, ...rest] = operation.path;
  const type = resourceType(typeName);
  if (rest.length > 0 || (historyMarker !== undefined && historyMarker !== '_history'))
    throw notFound(`No such endpoint: /${operation.path.join('/')}`);
  const method = operation.method.toUpperCase();

  if (id === undefined || id === '_search' || id === '_history') {
    if (id === '_history' && method === 'GET') {
      const { since, count, offset } = historyParams(operation.query);
      const history = await readHistory(client, partition, { type, since, count, offset });
      return { status: 200, resource: historyBundle(history.entries, history.total, baseUrl) };
    }
    if (method === 'GET' || (method === 'POST' && id === '_search'))
      return {
        status: 200,
        resource: await searchResources(client, partition, type, operation.query, { baseUrl, strict }),
      };
    if (method === 'POST' && id === undefined) {
      if (!operation.body) throw badRequest('A resource body is required.');
      if (operation.ifNoneExist) {
        const existing = await searchResources(client, partition, type, new URLSearchParams(operation.ifNoneExist), {
          baseUrl,
          strict: true,
        });
        if ((existing.total ?? 0) > 1)
          throw preconditionFailed(`If-None-Exist matched ${existing.total} resources; it must match at most one.`);
        const match = existing.entry?.[0]?.resource;
        if (match?.id) return stored(await readLive(client, partition, type, match.id), 200, baseUrl);
      }
      if (operation.body.id !== undefined)
        throw badRequest('A resource to create must not carry an id: this server assigns ids.', ['id']);
      if (type === 'CoverageEligibilityRequest') {
        // The sandbox answers as a synchronous payer would (rules in eligibility.ts).
        await precheckEligibilityRequest(client, partition, operation.body);
        const request = await createResource(client, partition, type, operation.body);
        if (request.content)
          await createResource(
            client,
            partition,
            'CoverageEligibilityResponse',
            await adjudicateEligibility(client, partition, request.content),
          );
        return stored(request, 201, baseUrl);
      }
      return stored(await createResource(client, partition, type, operation.body), 201, baseUrl);
    }
    throw notSupported(`${method} is not allowed on /${type}.`, 405);
  }

  if (historyMarker === '_history') {
    if (method !== 'GET') throw notSupported(`${method} is not allowed on history.`, 405);
    if (versionId !== undefined) {
      if (!/^\d+$/.test(versionId)) throw notFound(`${type}/${id} has no version ${versionId}.`);
      return stored(await readVersion(client, partition, type, id, Number(versionId)), 200, baseUrl);
    }
    const { since, count, offset } = historyParams(operation.query);
    await readLive(client, partition, type, id).catch((error: unknown) => {
      if (error instanceof Error && 'status' in error && error.status === 410) return;
      throw error;
    });
    const history = await readHistory(client, partition, { type, id, since, count, offset });
    return { status: 200, resource: historyBundle(history.entries, history.total, baseUrl) };
  }

  switch (method) {
    case 'GET':
      return stored(await readLive(client, partition, type, id), 200, baseUrl);
    case 'PUT': {
      if (!operation.body) throw badRequest('A resource body is required.');
      const ifMatch = operation.ifMatch ? parseIfMatch(operation.ifMatch) : undefined;
      return stored(await updateResource(client, partition, type, id, operation.body, ifMatch), 200, baseUrl);
    }
    case 'DELETE': {
      const ifMatch = operation.ifMatch ? parseIfMatch(operation.ifMatch) : undefined;
      const deleted = await deleteResource(client, partition, type, id, ifMatch);
      return deleted
        ? { status: 200, etag: etag(deleted.versionId), lastModified: deleted.lastUpdated }
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
        etag: etag(entry.versionId),
        lastModified: entry.lastUpdated.toISOString(),
      },
    })),
  };
}
