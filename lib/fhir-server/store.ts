/**
 * Versioned resource storage for one partition: create, read, vread, update (with If-Match), delete
 * and history (https://hl7.org/fhir/R4/http.html). Every version is kept; the search index is
 * rewritten with each write, in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db';
import { indexResource } from './indexing';
import { badRequest, gone, notFound, preconditionFailed } from './outcome';
import type { SandboxResourceType } from './search-parameters';
import { validateResource } from './validation';
import { describe, type JsonObject } from './values';

export interface StoredResource {
  type: string;
  id: string;
  /** The version's number, internal to the sandbox (ordering, history). */
  versionId: number;
  /** The version id clients see (`meta.versionId`, ETag): the number, or an opaque string (strict). */
  versionLabel: string;
  lastUpdated: Date;
  deleted: boolean;
  /** The resource with id and meta filled in; null for a deletion. */
  content: JsonObject | null;
}

interface ResourceRow {
  type: string;
  id: string;
  version_id: number;
  version_label: string | null;
  last_updated: Date;
  deleted: boolean;
  content: JsonObject | null;
}

function fromRow(row: ResourceRow): StoredResource {
  return {
    type: row.type,
    id: row.id,
    versionId: row.version_id,
    versionLabel: row.version_label ?? String(row.version_id),
    lastUpdated: row.last_updated,
    deleted: row.deleted,
    content: row.content,
  };
}

/** The version id in an If-Match header: `W/"3"` or `"3"` (opaque ids alike); anything else is a 400. */
export function parseIfMatch(header: string): string {
  const match = /^(?:W\/)?"([A-Za-z0-9\-_.]{1,64})"$/.exec(header.trim());
  if (!match?.[1]) throw badRequest(`If-Match must be a version ETag such as W/"3", not ${JSON.stringify(header)}.`);
  return match[1];
}

export function etag(versionLabel: string): string {
  return `W/"${versionLabel}"`;
}

/** How a write names its new version: the number itself unless the partition uses opaque ids. */
export type VersionLabeler = (versionId: number) => string;
const numericLabels: VersionLabeler = (versionId) => String(versionId);

const COLUMNS = 'type, id, version_id, version_label, last_updated, deleted, content';

function withMeta(resource: JsonObject, type: string, id: string, versionId: string, lastUpdated: Date): JsonObject {
  const meta =
    typeof resource.meta === 'object' && resource.meta !== null && !Array.isArray(resource.meta) ? resource.meta : {};
  return {
    ...resource,
    resourceType: type,
    id,
    meta: { ...meta, versionId, lastUpdated: lastUpdated.toISOString() },
  };
}

async function writeIndex(
  client: Queryable,
  partition: string,
  type: SandboxResourceType,
  id: string,
  content: JsonObject | null,
): Promise<void> {
  for (const table of ['idx_token', 'idx_string', 'idx_date', 'idx_reference'])
    await client.query(`DELETE FROM ${table} WHERE partition = $1 AND type = $2 AND id = $3`, [partition, type, id]);
  if (!content) return;
  const rows = indexResource(type, content);
  const key = [partition, type, id];
  if (rows.token.length)
    await client.query(
      `INSERT INTO idx_token (partition, type, id, param, system, code)
       SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::text[])`,
      [
        ...key,
        rows.token.map((row) => row.param),
        rows.token.map((row) => row.system),
        rows.token.map((row) => row.code),
      ],
    );
  if (rows.string.length)
    await client.query(
      `INSERT INTO idx_string (partition, type, id, param, normalized, exact)
       SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::text[])`,
      [
        ...key,
        rows.string.map((row) => row.param),
        rows.string.map((row) => row.normalized),
        rows.string.map((row) => row.exact),
      ],
    );
  if (rows.date.length)
    await client.query(
      `INSERT INTO idx_date (partition, type, id, param, low, high)
       SELECT $1, $2, $3, * FROM unnest($4::text[], $5::timestamptz[], $6::timestamptz[])`,
      [...key, rows.date.map((row) => row.param), rows.date.map((row) => row.low), rows.date.map((row) => row.high)],
    );
  if (rows.reference.length)
    await client.query(
      `INSERT INTO idx_reference (partition, type, id, param, target_type, target_id)
       SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::text[])`,
      [
        ...key,
        rows.reference.map((row) => row.param),
        rows.reference.map((row) => row.targetType),
        rows.reference.map((row) => row.targetId),
      ],
    );
}

async function writeVersion(
  client: Queryable,
  partition: string,
  type: SandboxResourceType,
  id: string,
  version: { id: number; label: string },
  content: JsonObject | null,
  method: 'POST' | 'PUT' | 'DELETE',
  now: Date,
): Promise<StoredResource> {
  const label = version.label === String(version.id) ? null : version.label;
  await client.query(
    `INSERT INTO resources (partition, type, id, version_id, version_label, last_updated, deleted, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (partition, type, id) DO UPDATE SET version_id = EXCLUDED.version_id,
       version_label = EXCLUDED.version_label, last_updated = EXCLUDED.last_updated,
       deleted = EXCLUDED.deleted, content = EXCLUDED.content`,
    [partition, type, id, version.id, label, now, content === null, content],
  );
  await client.query(
    `INSERT INTO resource_history
       (partition, type, id, version_id, version_label, last_updated, deleted, method, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [partition, type, id, version.id, label, now, content === null, method, content],
  );
  await writeIndex(client, partition, type, id, content);
  return {
    type,
    id,
    versionId: version.id,
    versionLabel: version.label,
    lastUpdated: now,
    deleted: content === null,
    content,
  };
}

export async function createResource(
  client: Queryable,
  partition: string,
  type: SandboxResourceType,
  resource: JsonObject,
  options: { id?: string; labels?: VersionLabeler } = {},
): Promise<StoredResource> {
  if (resource.resourceType !== type)
    throw badRequest(`The body is a ${describe(resource.resourceType)}, but the URL is for ${type}.`, ['resourceType']);
  const id = options.id ?? randomUUID();
  const now = new Date();
  const version = { id: 1, label: (options.labels ?? numericLabels)(1) };
  const content = withMeta(resource, type, id, version.label, now);
  validateResource(content);
  return writeVersion(client, partition, type, id, version, content, 'POST', now);
}

export async function readResource(
  client: Queryable,
  partition: string,
  type: string,
  id: string,
): Promise<StoredResource | null> {
  const { rows } = await client.query<ResourceRow>(
    `SELECT ${COLUMNS} FROM resources WHERE partition = $1 AND type = $2 AND id = $3`,
    [partition, type, id],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The current, non-deleted resource, or 404/410. */
export async function readLive(
  client: Queryable,
  partition: string,
  type: string,
  id: string,
): Promise<StoredResource & { content: JsonObject }> {
  const stored = await readResource(client, partition, type, id);
  if (!stored) throw notFound(`${type}/${id} does not exist.`);
  if (stored.deleted || !stored.content) throw gone(`${type}/${id} was deleted.`);
  return { ...stored, content: stored.content };
}

export async function readVersion(
  client: Queryable,
  partition: string,
  type: string,
  id: string,
  versionLabel: string,
): Promise<StoredResource> {
  const { rows } = await client.query<ResourceRow>(
    `SELECT ${COLUMNS} FROM resource_history WHERE partition = $1 AND type = $2 AND id = $3
       AND COALESCE(version_label, version_id::text) = $4`,
    [partition, type, id, versionLabel],
  );
  if (!rows[0]) throw notFound(`${type}/${id} has no version ${versionLabel}.`);
  const stored = fromRow(rows[0]);
  if (stored.deleted) throw gone(`Version ${versionLabel} of ${type}/${id} is a deletion.`);
  return stored;
}

/** Updates an existing resource; with `ifMatch`, only if it is still at that version (else 412). */
export async function updateResource(
  client: Queryable,
  partition: string,
  type: SandboxResourceType,
  id: string,
  resource: JsonObject,
  ifMatch?: string,
  labels: VersionLabeler = numericLabels,
): Promise<StoredResource> {
  if (resource.resourceType !== type)
    throw badRequest(`The body is a ${describe(resource.resourceType)}, but the URL is for ${type}.`, ['resourceType']);
  if (resource.id !== id)
    throw badRequest(`The body's id (${JSON.stringify(resource.id ?? null)}) must equal the id in the URL (${id}).`, [
      'id',
    ]);
  const { rows } = await client.query<ResourceRow>(
    `SELECT ${COLUMNS} FROM resources WHERE partition = $1 AND type = $2 AND id = $3 FOR UPDATE`,
    [partition, type, id],
  );
  const current = rows[0] ? fromRow(rows[0]) : undefined;
  if (!current) throw notFound(`${type}/${id} does not exist; this server assigns ids, so create it with POST.`);
  if (ifMatch !== undefined && current.versionLabel !== ifMatch)
    throw preconditionFailed(
      `${type}/${id} is at version ${current.versionLabel}, not ${ifMatch}: it changed since you read it.`,
    );
  const now = new Date();
  const version = { id: current.versionId + 1, label: labels(current.versionId + 1) };
  const content = withMeta(resource, type, id, version.label, now);
  validateResource(content);
  return writeVersion(client, partition, type, id, version, content, 'PUT', now);
}

export async function deleteResource(
  client: Queryable,
  partition: string,
  type: SandboxResourceType,
  id: string,
  ifMatch?: string,
  labels: VersionLabeler = numericLabels,
): Promise<StoredResource | null> {
  const { rows } = await client.query<ResourceRow>(
    `SELECT ${COLUMNS} FROM resources WHERE partition = $1 AND type = $2 AND id = $3 FOR UPDATE`,
    [partition, type, id],
  );
  const current = rows[0] ? fromRow(rows[0]) : undefined;
  if (!current || current.deleted) return null;
  if (ifMatch !== undefined && current.versionLabel !== ifMatch)
    throw preconditionFailed(`${type}/${id} is at version ${current.versionLabel}, not ${ifMatch}.`);
  const version = { id: current.versionId + 1, label: labels(current.versionId + 1) };
  return writeVersion(client, partition, type, id, version, null, 'DELETE', new Date());
}

export interface HistoryEntry extends StoredResource {
  method: 'POST' | 'PUT' | 'DELETE';
}

/** Versions newest first, for an instance, a type or the whole partition. */
export async function readHistory(
  client: Queryable,
  partition: string,
  options: { type?: string; id?: string; since?: Date; count: number; offset: number },
): Promise<{ entries: HistoryEntry[]; total: number }> {
  const conditions = ['partition = $1'];
  const values: unknown[] = [partition];
  if (options.type) conditions.push(`type = $${values.push(options.type)}`);
  if (options.id) conditions.push(`id = $${values.push(options.id)}`);
  if (options.since) conditions.push(`last_updated >= $${values.push(options.since)}`);
  const where = conditions.join(' AND ');
  const total = await client.query<{ count: string }>(`SELECT count(*) FROM resource_history WHERE ${where}`, values);
  const { rows } = await client.query<ResourceRow & { method: HistoryEntry['method'] }>(
    `SELECT ${COLUMNS}, method FROM resource_history WHERE ${where}
     ORDER BY last_updated DESC, seq DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    [...values, options.count, options.offset],
  );
  return {
    entries: rows.map((row) => ({ ...fromRow(row), method: row.method })),
    total: Number(total.rows[0]?.count ?? 0),
  };
}

/**
 * Inserts many new resources at once (seeding and benchmarks): validated like any write, with ids
 * chosen by the caller (the sandbox itself), version 1, written in batches.
 */
export async function insertNewResources(
  client: Queryable,
  partition: string,
  items: { type: SandboxResourceType; id: string; resource: JsonObject }[],
  options: { batchSize?: number; labels?: VersionLabeler } = {},
): Promise<void> {
  const batchSize = options.batchSize ?? 1000;
  const labels = options.labels ?? numericLabels;
  const now = new Date();
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize).map((item) => {
      const label = labels(1);
      const content = withMeta(item.resource, item.type, item.id, label, now);
      validateResource(content);
      return { ...item, label: label === '1' ? null : label, content, index: indexResource(item.type, content) };
    });
    const types = batch.map((item) => item.type);
    const ids = batch.map((item) => item.id);
    const contents = batch.map((item) => JSON.stringify(item.content));
    const versionLabels = batch.map((item) => item.label);
    await client.query(
      `INSERT INTO resources (partition, type, id, version_id, version_label, last_updated, deleted, content)
       SELECT $1, t, i, 1, l, $2, false, c::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS u(t, i, c, l)`,
      [partition, now, types, ids, contents, versionLabels],
    );
    await client.query(
      `INSERT INTO resource_history
         (partition, type, id, version_id, version_label, last_updated, deleted, method, content)
       SELECT $1, t, i, 1, l, $2, false, 'POST', c::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS u(t, i, c, l)`,
      [partition, now, types, ids, contents, versionLabels],
    );
    const tokens = batch.flatMap((item) =>
      item.index.token.map((row) => [item.type, item.id, row.param, row.system, row.code] as const),
    );
    const strings = batch.flatMap((item) =>
      item.index.string.map((row) => [item.type, item.id, row.param, row.normalized, row.exact] as const),
    );
    const dates = batch.flatMap((item) =>
      item.index.date.map((row) => [item.type, item.id, row.param, row.low, row.high] as const),
    );
    const refs = batch.flatMap((item) =>
      item.index.reference.map((row) => [item.type, item.id, row.param, row.targetType, row.targetId] as const),
    );
    const column = <T>(rows: readonly (readonly unknown[])[], index: number): T[] => rows.map((row) => row[index] as T);
    if (tokens.length)
      await client.query(
        `INSERT INTO idx_token (partition, type, id, param, system, code)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [partition, ...[0, 1, 2, 3, 4].map((index) => column(tokens, index))],
      );
    if (strings.length)
      await client.query(
        `INSERT INTO idx_string (partition, type, id, param, normalized, exact)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [partition, ...[0, 1, 2, 3, 4].map((index) => column(strings, index))],
      );
    if (dates.length)
      await client.query(
        `INSERT INTO idx_date (partition, type, id, param, low, high)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])`,
        [partition, ...[0, 1, 2, 3, 4].map((index) => column(dates, index))],
      );
    if (refs.length)
      await client.query(
        `INSERT INTO idx_reference (partition, type, id, param, target_type, target_id)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [partition, ...[0, 1, 2, 3, 4].map((index) => column(refs, index))],
      );
  }
}

/** Whether the partition holds any resource at all. */
export async function partitionIsEmpty(client: Queryable, partition: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM resources WHERE partition = $1 LIMIT 1', [partition]);
  return !rowCount;
}
