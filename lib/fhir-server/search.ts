/**
 * Search (https://hl7.org/fhir/R4/search.html): token, string, date and reference parameters with
 * their modifiers and prefixes, one level of chaining, `_id`, `_lastUpdated`, `_sort`, `_include`,
 * `_count` and stable paging through `_offset` links (keyset `_after` links when sorted by `_lastUpdated`
 * alone, so a change feed read while resources change never skips one). Unknown parameters are ignored and left out of
 * the self link, unless the client asked for `Prefer: handling=strict` (then 400). The strict profile
 * refuses unknown parameters always, takes reference values only as `Type/id`, and states
 * `Bundle.total` only when asked with `_total=accurate`.
 */
import type { Bundle, BundleEntry, BundleLink, Resource } from 'fhir/r4';
import type { Queryable } from './db';
import { badRequest } from './outcome';
import type { SandboxProfile } from './profile';
import {
  DEFAULT_PAGE_SIZE,
  findParameter,
  isSupportedType,
  MAX_PAGE_SIZE,
  SUPPORTED_INCLUDES,
  sortKeys,
  type SandboxResourceType,
  type SearchParameterDefinition,
} from './search-parameters';
import { dateRange, normalizeText, parseReference, type JsonObject } from './values';

const RESULT_PARAMETERS = new Set([
  '_count',
  '_offset',
  '_sort',
  '_include',
  '_total',
  '_format',
  '_pretty',
  '_summary',
  '_elements',
  '_after',
]);
const DATE_PREFIXES = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb', 'ap'] as const;
type DatePrefix = (typeof DATE_PREFIXES)[number];

class SqlBuilder {
  readonly values: unknown[] = [];
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

interface Owner {
  type: string;
  id: string;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function tokenCondition(sql: SqlBuilder, value: string): string {
  const bar = value.indexOf('|');
  if (bar === -1) return `code = ${sql.param(value)}`;
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  if (!system) return `system IS NULL AND code = ${sql.param(code)}`;
  if (!code) return `system = ${sql.param(system)}`;
  return `system = ${sql.param(system)} AND code = ${sql.param(code)}`;
}

function dateCondition(sql: SqlBuilder, raw: string, name: string): string {
  const prefix = (/^[a-z]{2}/.test(raw) ? raw.slice(0, 2) : 'eq') as DatePrefix;
  if (/^[a-z]{2}/.test(raw) && !DATE_PREFIXES.includes(prefix))
    throw badRequest(
      `Unknown search prefix "${raw.slice(0, 2)}" in ${name}=${raw}; use one of ${DATE_PREFIXES.join(', ')}.`,
      [name],
    );
  const range = dateRange(/^[a-z]{2}/.test(raw) ? raw.slice(2) : raw);
  if (!range)
    throw badRequest(`"${raw}" is not a FHIR date for ${name} (e.g. 2026-11-24 or ge2026-11-24T09:00:00Z).`, [name]);
  // Only bind what the comparison uses: PostgreSQL cannot type an unused parameter.
  const low = (): string => sql.param(range.low);
  const high = (): string => sql.param(range.high);
  switch (prefix) {
    case 'eq':
      return `low >= ${low()} AND high <= ${high()}`;
    case 'ne':
      return `NOT (low >= ${low()} AND high <= ${high()})`;
    case 'lt':
      return `low < ${low()}`;
    case 'le':
      return `low < ${high()}`;
    case 'gt':
      return `high > ${high()}`;
    case 'ge':
      return `high > ${low()}`;
    case 'sa':
      return `low >= ${high()}`;
    case 'eb':
      return `high <= ${low()}`;
    case 'ap':
      return `low < ${high()} AND high > ${low()}`;
  }
}

function referenceCondition(
  sql: SqlBuilder,
  value: string,
  typeModifier: string | null,
  profile: SandboxProfile,
): string {
  const parsed = parseReference(value);
  if (parsed) return `target_type = ${sql.param(parsed.type)} AND target_id = ${sql.param(parsed.id)}`;
  if (profile === 'strict') throw badRequest(`"${value}" is not a reference: this server takes Type/id.`);
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(value)) throw badRequest(`"${value}" is not a reference (Type/id or id).`);
  return typeModifier
    ? `target_type = ${sql.param(typeModifier)} AND target_id = ${sql.param(value)}`
    : `target_id = ${sql.param(value)}`;
}

/** SQL: ids of `ownerType` rows matching one parameter occurrence (comma values are OR-ed). */
function parameterCondition(
  sql: SqlBuilder,
  partition: string,
  ownerType: SandboxResourceType,
  definition: SearchParameterDefinition,
  modifier: string | null,
  chain: string | null,
  rawValue: string,
  owner: Owner,
  profile: SandboxProfile,
): string {
  const values = rawValue.split(/(?<!\\),/).map((value) => value.replace(/\\,/g, ','));
  // The parts are joined by exactly ' AND ': the chain below prefixes each with a table alias.
  const scope = [
    `partition = ${sql.param(partition)}`,
    `type = ${sql.param(ownerType)}`,
    `param = ${sql.param(definition.name)}`,
  ].join(' AND ');
  if (chain) {
    if (definition.kind !== 'reference' || !definition.chains?.includes(chain))
      throw badRequest(`Chaining ${definition.name}.${chain} is not supported.`);
    const targetType = definition.targetTypes?.[0];
    if (!targetType || !isSupportedType(targetType))
      throw badRequest(`Chaining ${definition.name}.${chain} is not supported.`);
    const chained = findParameter(targetType, chain);
    if (!chained) throw badRequest(`Unknown chained parameter ${chain} on ${targetType}.`);
    const inner = parameterCondition(
      sql,
      partition,
      targetType,
      chained,
      null,
      null,
      rawValue,
      { type: 'c.target_type', id: 'c.target_id' },
      profile,
    );
    const aliasedScope = `c.${scope.replace(/ AND /g, ' AND c.')}`;
    const target = `c.target_type = ${sql.param(targetType)}`;
    return `${owner.id} IN (SELECT c.id FROM idx_reference c WHERE ${aliasedScope} AND ${target} AND ${inner})`;
  }
  switch (definition.kind) {
    case 'token': {
      if (modifier && modifier !== 'not')
        throw badRequest(`Modifier :${modifier} is not supported on ${definition.name}.`);
      const alternatives = values
        .map((value) => tokenCondition(sql, definition.telecomSystem === 'email' ? value.toLowerCase() : value))
        .map((condition) => `(${condition})`)
        .join(' OR ');
      const table = `SELECT id FROM idx_token WHERE ${scope} AND (${alternatives})`;
      return modifier === 'not' ? `${owner.id} NOT IN (${table})` : `${owner.id} IN (${table})`;
    }
    case 'string': {
      if (modifier && modifier !== 'exact' && modifier !== 'contains')
        throw badRequest(`Modifier :${modifier} is not supported on ${definition.name}.`);
      const clauses = values.map((value) =>
        modifier === 'exact'
          ? `exact = ${sql.param(value)}`
          : `normalized LIKE ${sql.param(`${modifier === 'contains' ? '%' : ''}${escapeLike(normalizeText(value))}%`)}`,
      );
      return `${owner.id} IN (SELECT id FROM idx_string WHERE ${scope} AND (${clauses.join(' OR ')}))`;
    }
    case 'date': {
      if (modifier) throw badRequest(`Modifier :${modifier} is not supported on ${definition.name}.`);
      // Repeated occurrences of one date parameter (start=ge..&start=lt..) constrain the same value,
      // as FHIR servers commonly read them: one index row must satisfy all of them (a range scan).
      const occurrences = rawValue.split('\u0000');
      const clauses = occurrences.map(
        (occurrence) =>
          `(${occurrence
            .split(/(?<!\\),/)
            .map((value) => `(${dateCondition(sql, value, definition.name)})`)
            .join(' OR ')})`,
      );
      return `${owner.id} IN (SELECT id FROM idx_date WHERE ${scope} AND ${clauses.join(' AND ')})`;
    }
    case 'reference': {
      if (modifier && !/^[A-Z][A-Za-z]+$/.test(modifier))
        throw badRequest(`Modifier :${modifier} is not supported on ${definition.name}.`);
      const alternatives = values.map((value) => `(${referenceCondition(sql, value, modifier, profile)})`).join(' OR ');
      return `${owner.id} IN (SELECT id FROM idx_reference WHERE ${scope} AND (${alternatives}))`;
    }
  }
}

export interface SearchOptions {
  /** Base URL of the partition, for fullUrls and links. */
  baseUrl: string;
  /** `Prefer: handling=strict`: unknown parameters are a 400. */
  strict: boolean;
  profile: SandboxProfile;
}

function parseCount(raw: string | null): number {
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) > MAX_PAGE_SIZE)
    throw badRequest(`_count must be a whole number from 0 to ${MAX_PAGE_SIZE}, not ${JSON.stringify(raw)}.`, [
      '_count',
    ]);
  return Number(raw);
}

function parseOffset(raw: string | null): number {
  if (raw === null) return 0;
  if (!/^\d{1,9}$/.test(raw))
    throw badRequest(`_offset must be a whole number, not ${JSON.stringify(raw)}.`, ['_offset']);
  return Number(raw);
}

export async function searchResources(
  client: Queryable,
  partition: string,
  type: SandboxResourceType,
  query: URLSearchParams,
  options: SearchOptions,
): Promise<Bundle> {
  const sql = new SqlBuilder();
  const conditions = [`r.partition = ${sql.param(partition)}`, `r.type = ${sql.param(type)}`, 'NOT r.deleted'];
  const kept: [string, string][] = [];
  // Index conditions are written against a placeholder owner id, bound below to the driving set.
  const OWNER = '__owner_id__';
  const owner: Owner = { type: 'r.type', id: OWNER };
  const indexConditions: string[] = [];

  // Occurrences of the same date parameter are combined (see parameterCondition).
  const occurrences: [string, string][] = [];
  const dateIndex = new Map<string, number>();
  for (const [key, value] of query.entries()) {
    const definition = findParameter(type, key);
    const existing = dateIndex.get(key);
    if (definition?.kind === 'date' && existing !== undefined) {
      const occurrence = occurrences[existing];
      if (occurrence) occurrence[1] = `${occurrence[1]}\u0000${value}`;
      continue;
    }
    if (definition?.kind === 'date') dateIndex.set(key, occurrences.length);
    occurrences.push([key, value]);
  }

  for (const [key, value] of occurrences) {
    if (RESULT_PARAMETERS.has(key)) continue;
    const [nameAndChain = '', modifier = null] = key.split(':') as [string, string?];
    const [name = '', chain = null] = nameAndChain.split('.') as [string, string?];
    if (name === '_id') {
      conditions.push(
        `r.id IN (${value
          .split(',')
          .map((id) => sql.param(id))
          .join(', ')})`,
      );
    } else if (name === '_lastUpdated') {
      for (const part of value.split(','))
        conditions.push(
          `(${dateCondition(sql, part, '_lastUpdated')
            .replace(/\blow\b/g, 'r.last_updated')
            .replace(/\bhigh\b/g, "(r.last_updated + interval '1 millisecond')")})`,
        );
    } else {
      const definition = findParameter(type, name);
      if (!definition) {
        if (options.strict || options.profile === 'strict')
          throw badRequest(`${type} has no search parameter "${name}" on this server (see /metadata).`, [key]);
        continue;
      }
      indexConditions.push(
        parameterCondition(
          sql,
          partition,
          type,
          definition,
          modifier ?? null,
          chain ?? null,
          value,
          owner,
          options.profile,
        ),
      );
    }
    for (const part of value.split('\u0000')) kept.push([key, part]);
  }

  const keyset = lastUpdatedKeyset(query);
  if (keyset?.after)
    conditions.push(
      `(r.last_updated, r.id) ${keyset.direction === 'ASC' ? '>' : '<'} ` +
        `(${sql.param(keyset.after.lastUpdated)}::timestamptz, ${sql.param(keyset.after.id)})`,
    );

  const whereValues = [...sql.values];
  const count = parseCount(query.get('_count'));
  const offset = parseOffset(query.get('_offset'));
  const order: string[] = [];
  for (const rawKey of (query.get('_sort') ?? '').split(',').filter(Boolean)) {
    const descending = rawKey.startsWith('-');
    const key = descending ? rawKey.slice(1) : rawKey;
    if (!sortKeys(type).includes(key))
      throw badRequest(`Cannot sort ${type} by "${key}"; supported: ${sortKeys(type).join(', ')}.`, ['_sort']);
    const direction = descending ? 'DESC' : 'ASC';
    if (key === '_lastUpdated') order.push(`r.last_updated ${direction}`);
    else if (key === '_id') order.push(`r.id ${direction}`);
    else {
      const earliest =
        'SELECT min(d.low) FROM idx_date d' +
        ' WHERE d.partition = r.partition AND d.type = r.type AND d.id = r.id' +
        ` AND d.param = ${sql.param(key)}`;
      order.push(`(${earliest}) ${direction} NULLS LAST`);
    }
  }
  order.push('r.id ASC');

  const includes = query.getAll('_include');
  for (const include of includes) {
    if (!(SUPPORTED_INCLUDES[type] ?? []).includes(include.split(':').slice(0, 2).join(':')))
      throw badRequest(
        `_include=${include} is not supported; supported: ${(SUPPORTED_INCLUDES[type] ?? []).join(', ') || 'none'}.`,
        ['_include'],
      );
  }

  // Index rows exist only for live resources, so the matching ids can be found from the index tables
  // alone, driven by the most selective-looking positive condition (dates, then references, then the
  // rest), materialized, and only then joined to the resources for the page.
  const prefix = `${OWNER} IN (`;
  const rank = (condition: string): number =>
    !condition.startsWith(prefix)
      ? 9
      : condition.includes('FROM idx_date')
        ? 0
        : condition.includes('FROM idx_reference')
          ? 1
          : 2;
  const driver = [...indexConditions].sort((a, b) => rank(a) - rank(b))[0];
  let from = 'resources r';
  if (driver && rank(driver) < 9) {
    const others = indexConditions
      .filter((condition) => condition !== driver)
      .map((condition) => condition.replaceAll(OWNER, 'd.id'));
    const driverIds = driver.slice(prefix.length, -1);
    const rest = others.length > 0 ? others.join(' AND ') : 'true';
    const matches = `SELECT DISTINCT d.id FROM (${driverIds}) d WHERE ${rest}`;
    from = `(${matches}) m JOIN resources r ON r.id = m.id`;
  } else {
    conditions.push(...indexConditions.map((condition) => condition.replaceAll(OWNER, 'r.id')));
  }
  const fullWhere = conditions.join(' AND ');
  const totalResult = await client.query<{ count: string }>(
    `SELECT count(*) FROM ${from} WHERE ${fullWhere}`,
    whereValues,
  );
  const total = Number(totalResult.rows[0]?.count ?? 0);
  const page =
    count === 0
      ? { rows: [] }
      : await client.query<{ id: string; content: JsonObject }>(
          `SELECT r.id, r.content FROM ${from} WHERE ${fullWhere}` +
            ` ORDER BY ${order.join(', ')} LIMIT ${count} OFFSET ${offset}`,
          sql.values,
        );

  const entries: BundleEntry[] = page.rows.map((row) => ({
    fullUrl: `${options.baseUrl}/${type}/${row.id}`,
    resource: row.content as unknown as Resource,
    search: { mode: 'match' },
  }));
  const matchIds = page.rows.map((row) => row.id);
  const seen = new Set(page.rows.map((row) => `${type}/${row.id}`));
  for (const include of includes) {
    const [, param = '', targetType] = include.split(':');
    if (matchIds.length === 0) break;
    const targets = await client.query<{ type: string; id: string; content: JsonObject }>(
      `SELECT t.type, t.id, t.content FROM resources t WHERE t.partition = $1 AND NOT t.deleted AND (t.type, t.id) IN (
         SELECT x.target_type, x.target_id FROM idx_reference x
         WHERE x.partition = $1 AND x.type = $2 AND x.param = $3 AND x.id = ANY($4::text[])
         ${targetType ? 'AND x.target_type = $5' : ''})`,
      targetType ? [partition, type, param, matchIds, targetType] : [partition, type, param, matchIds],
    );
    for (const target of targets.rows) {
      const key = `${target.type}/${target.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({
        fullUrl: `${options.baseUrl}/${key}`,
        resource: target.content as unknown as Resource,
        search: { mode: 'include' },
      });
    }
  }

  const linkFor = (pageOffset: number): string => {
    const params = new URLSearchParams(kept);
    for (const key of ['_sort', ...includes.map(() => '_include')]) params.delete(key);
    if (query.get('_sort')) params.set('_sort', query.get('_sort') ?? '');
    for (const include of includes) params.append('_include', include);
    if (query.get('_total')) params.set('_total', query.get('_total') ?? '');
    params.set('_count', String(count));
    params.set('_offset', String(pageOffset));
    return `${options.baseUrl}/${type}?${params.toString()}`;
  };
  const keysetLink = (after: string): string => {
    const url = new URL(linkFor(0));
    url.searchParams.delete('_offset');
    url.searchParams.set('_after', after);
    return url.toString();
  };
  const lastRow = page.rows.at(-1);
  const asked = query.get('_after');
  const link: BundleLink[] = [{ relation: 'self', url: asked ? keysetLink(asked) : linkFor(offset) }];
  if (count > 0 && offset + count < total)
    link.push({ relation: 'next', url: keyset && lastRow ? keysetLink(afterToken(lastRow)) : linkFor(offset + count) });
  if (offset > 0) link.push({ relation: 'previous', url: linkFor(Math.max(0, offset - count)) });
  const totalAsked = query.get('_total');
  if (totalAsked !== null && !['none', 'estimate', 'accurate'].includes(totalAsked))
    throw badRequest(`_total must be none, estimate or accurate, not ${JSON.stringify(totalAsked)}.`, ['_total']);
  const statesTotal = options.profile === 'strict' ? totalAsked === 'accurate' : totalAsked !== 'none';
  return { resourceType: 'Bundle', type: 'searchset', ...(statesTotal ? { total } : {}), link, entry: entries };
}

/**
 * `_sort=_lastUpdated` (or `-_lastUpdated`) alone pages by keyset: the next link carries the last
 * row's instant and id (`_after`), not an offset, so resources updated while a client pages through
 * (which move to the end) never shift a later page and skip another resource.
 */
function lastUpdatedKeyset(
  query: URLSearchParams,
): { direction: 'ASC' | 'DESC'; after: { lastUpdated: string; id: string } | null } | null {
  const sort = query.get('_sort');
  const raw = query.get('_after');
  if (sort !== '_lastUpdated' && sort !== '-_lastUpdated') {
    if (raw !== null) throw badRequest('_after is a page link of _sort=_lastUpdated; follow the next link as given.');
    return null;
  }
  const direction = sort === '_lastUpdated' ? 'ASC' : 'DESC';
  if (raw === null) return { direction, after: null };
  const [lastUpdated = '', id = ''] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (Number.isNaN(Date.parse(lastUpdated)) || !/^[A-Za-z0-9\-.]{1,64}$/.test(id))
    throw badRequest('_after is not a page link of this server; follow the next link as given.', ['_after']);
  return { direction, after: { lastUpdated, id } };
}

function afterToken(row: { id: string; content: JsonObject }): string {
  const meta = row.content.meta as { lastUpdated?: string } | undefined;
  return Buffer.from(`${meta?.lastUpdated ?? ''}|${row.id}`, 'utf8').toString('base64url');
}
