/**
 * `transaction` and `batch` Bundles (https://hl7.org/fhir/R4/http.html#transaction). A transaction is
 * atomic: one database transaction, all entries or none; `urn:uuid:` fullUrls get server ids first
 * and every reference to them is rewritten; a reference to an undefined `urn:uuid:` is a 400.
 * A batch runs each entry on its own.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry } from 'fhir/r4';
import type pg from 'pg';
import { inTransaction } from './db';
import {
  executeOperation,
  requireScope,
  resourceType,
  stored,
  versionLabels,
  type Operation,
  type OperationResult,
} from './operations';
import { assertBundleSize } from './limits';
import { badRequest, FhirError } from './outcome';
import type { PartitionContext } from './profile';
import { createResource } from './store';
import { describe, isObject, type Json, type JsonObject } from './values';

const BULK_ENTRIES = 200;

async function refreshStatistics(pool: pg.Pool): Promise<void> {
  await pool.query('ANALYZE resources, idx_token, idx_string, idx_date, idx_reference');
}

const METHOD_ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

interface PreparedEntry {
  index: number;
  operation: Operation;
}

function rewriteReferences(value: Json, ids: Map<string, string>, dangling: Set<string>): Json {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, ids, dangling));
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'reference' && typeof child === 'string' && child.startsWith('urn:uuid:')) {
      const target = ids.get(child);
      if (!target) dangling.add(child);
      result[key] = target ?? child;
    } else result[key] = rewriteReferences(child, ids, dangling);
  }
  return result;
}

function prepare(bundle: JsonObject): { entries: PreparedEntry[]; createIds: Map<number, string> } {
  const rawEntries = Array.isArray(bundle.entry) ? bundle.entry : [];
  assertBundleSize(
    rawEntries.map((entry) =>
      isObject(entry) && isObject(entry.request) ? describe(entry.request.method ?? '').toUpperCase() : '',
    ),
  );
  const ids = new Map<string, string>();
  const createIds = new Map<number, string>();
  rawEntries.forEach((entry, index) => {
    if (!isObject(entry) || !isObject(entry.request))
      throw badRequest(`Bundle.entry[${index}].request is required.`, [`Bundle.entry[${index}].request`]);
    const method = describe(entry.request.method ?? '').toUpperCase();
    const url = describe(entry.request.url ?? '');
    if (method === 'POST' && typeof entry.fullUrl === 'string' && entry.fullUrl.startsWith('urn:uuid:')) {
      const id = randomUUID();
      ids.set(entry.fullUrl, `${resourceType(url.split('?')[0])}/${id}`);
      createIds.set(index, id);
    }
  });
  const dangling = new Set<string>();
  const entries = rawEntries.map((entry, index): PreparedEntry => {
    const object = entry as JsonObject;
    const request = object.request as JsonObject;
    const [pathPart = '', queryPart = ''] = describe(request.url ?? '').split('?');
    const body = isObject(object.resource)
      ? (rewriteReferences(object.resource, ids, dangling) as JsonObject)
      : undefined;
    return {
      index,
      operation: {
        method: describe(request.method ?? '').toUpperCase(),
        path: pathPart.replace(/^\/+/, '').split('/').filter(Boolean),
        query: new URLSearchParams(queryPart),
        ...(body ? { body } : {}),
        ifMatch: typeof request.ifMatch === 'string' ? request.ifMatch : null,
        ifNoneExist: typeof request.ifNoneExist === 'string' ? request.ifNoneExist : null,
      },
    };
  });
  if (dangling.size > 0)
    throw badRequest(`The bundle refers to ${[...dangling].join(', ')}, which no entry defines.`, [
      'Bundle.entry.resource',
    ]);
  for (const entry of entries)
    if (!(entry.operation.method in METHOD_ORDER))
      throw badRequest(
        `Bundle.entry[${entry.index}].request.method ${JSON.stringify(entry.operation.method)} is not supported.`,
      );
  return { entries, createIds };
}

function responseEntry(result: OperationResult): BundleEntry {
  return {
    ...(result.resource ? { resource: result.resource } : {}),
    response: {
      status: String(result.status),
      ...(result.location ? { location: result.location } : {}),
      ...(result.etag ? { etag: result.etag } : {}),
      ...(result.lastModified ? { lastModified: result.lastModified.toISOString() } : {}),
    },
  };
}

async function runEntry(
  client: pg.PoolClient,
  partition: PartitionContext,
  entry: PreparedEntry,
  createId: string | undefined,
): Promise<OperationResult> {
  if (createId && entry.operation.body) {
    // POST with a urn:uuid fullUrl: create under the id that references were rewritten to.
    const type = resourceType(entry.operation.path[0]);
    requireScope(partition, type, 'c');
    const created = await createResource(client, partition.name, type, entry.operation.body, {
      id: createId,
      labels: versionLabels(partition),
    });
    return stored(created, 201, partition.baseUrl);
  }
  return executeOperation(client, partition, entry.operation, false);
}

/**
 * Runs a transaction or batch Bundle. A partition configured with non-atomic transactions runs a
 * transaction entry by entry, as a batch, and still answers `transaction-response` (as some servers
 * do): only a client that checks can tell.
 */
export async function processBundle(pool: pg.Pool, partition: PartitionContext, bundle: JsonObject): Promise<Bundle> {
  if (bundle.resourceType !== 'Bundle')
    throw badRequest('POST to the base URL takes a Bundle of type transaction or batch.', ['resourceType']);
  if (bundle.type !== 'transaction' && bundle.type !== 'batch')
    throw badRequest(`Bundle.type must be transaction or batch, not ${JSON.stringify(bundle.type)}.`, ['Bundle.type']);
  const { entries, createIds } = prepare(bundle);

  if (bundle.type === 'transaction' && partition.transactions === 'atomic') {
    const ordered = [...entries].sort(
      (a, b) => (METHOD_ORDER[a.operation.method] ?? 9) - (METHOD_ORDER[b.operation.method] ?? 9) || a.index - b.index,
    );
    const results = await inTransaction(pool, async (client) => {
      const byIndex = new Map<number, OperationResult>();
      for (const entry of ordered) {
        try {
          byIndex.set(entry.index, await runEntry(client, partition, entry, createIds.get(entry.index)));
        } catch (error) {
          if (error instanceof FhirError)
            throw new FhirError(
              error.status,
              error.code,
              `Bundle.entry[${entry.index}]: ${error.message}`,
              error.expression,
              error.extraIssues,
            );
          throw error;
        }
      }
      return entries.map((entry) => byIndex.get(entry.index) as OperationResult);
    });
    // A bulk load (an integrator seeding a clinic) would leave the planner without statistics until
    // autovacuum comes by, and searches would crawl meanwhile.
    if (entries.length >= BULK_ENTRIES) await refreshStatistics(pool);
    return { resourceType: 'Bundle', type: 'transaction-response', entry: results.map(responseEntry) };
  }

  const responses: BundleEntry[] = [];
  for (const entry of entries) {
    try {
      responses.push(
        responseEntry(
          await inTransaction(pool, (client) => runEntry(client, partition, entry, createIds.get(entry.index))),
        ),
      );
    } catch (error) {
      if (!(error instanceof FhirError)) throw error;
      responses.push({ response: { status: String(error.status), outcome: error.toOutcome() } });
    }
  }
  return {
    resourceType: 'Bundle',
    type: bundle.type === 'transaction' ? 'transaction-response' : 'batch-response',
    entry: responses,
  };
}
