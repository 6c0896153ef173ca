/**
 * R4 Subscriptions with the rest-hook channel (https://hl7.org/fhir/R4/subscription.html), in both
 * profiles. A client creates a `Subscription` with `criteria` (a search on one type, e.g.
 * `Appointment?status=cancelled`), `channel.type` = rest-hook, `channel.endpoint` and
 * `channel.header` (e.g. `Authorization: Bearer ...`); the server makes it `active`. After every write
 * that commits, each active subscription whose criteria match a resource changed by that write is
 * notified: an empty POST to its endpoint with its headers (no `payload`: the R4 "ping" form; the client
 * reads what changed itself). A notification that fails is retried twice, then logged; the write it
 * follows has already succeeded and is never undone.
 */
import type { Pool } from 'pg';
import { log } from '@/lib/logger';
import { badRequest } from './outcome';
import type { SandboxProfile } from './profile';
import { searchResources } from './search';
import { findParameter, isSupportedType } from './search-parameters';
import type { JsonObject } from './values';

const DELIVERY_TIMEOUT_MS = 5000;
const RETRY_DELAYS_MS = [200, 1000];
/** Result and common parameters a criteria string may carry besides the type's own. */
const COMMON = new Set(['_id', '_lastUpdated']);

interface Channel {
  type?: unknown;
  endpoint?: unknown;
  payload?: unknown;
  header?: unknown;
}

/** The criteria's type and query, or a 400 saying what is wrong with it. */
function parseCriteria(criteria: unknown): { type: string; query: URLSearchParams } {
  if (typeof criteria !== 'string' || !/^[A-Z][A-Za-z]+(\?.*)?$/.test(criteria))
    throw badRequest('Subscription.criteria must be a search such as Appointment?status=cancelled.', ['criteria']);
  const [type = '', search = ''] = criteria.split(/\?(.*)/s);
  if (!isSupportedType(type) || type === 'Subscription')
    throw badRequest(`Subscription.criteria names ${type}, which this server cannot search.`, ['criteria']);
  const query = new URLSearchParams(search);
  for (const key of query.keys()) {
    const name = key.split(/[.:]/)[0] ?? key;
    if (!COMMON.has(name) && !findParameter(type, name))
      throw badRequest(`Subscription.criteria uses "${key}", which ${type} searches do not support here.`, [
        'criteria',
      ]);
  }
  return { type, query };
}

/**
 * A Subscription as it is stored: checked (criteria, rest-hook channel, an http(s) endpoint, headers as
 * `Name: value`) and made `active`. Anything else is a 400 naming the element.
 */
export function prepareSubscription(resource: JsonObject): JsonObject {
  parseCriteria(resource.criteria);
  const channel = (resource.channel ?? {}) as Channel;
  if (channel.type !== 'rest-hook')
    throw badRequest('This server offers the rest-hook channel only (Subscription.channel.type).', ['channel.type']);
  if (typeof channel.endpoint !== 'string' || !/^https?:\/\/[^\s]+$/.test(channel.endpoint))
    throw badRequest('Subscription.channel.endpoint must be an http(s) URL.', ['channel.endpoint']);
  if (channel.payload !== undefined)
    throw badRequest(
      'This server sends notifications without a payload (leave out channel.payload) and the client reads the changes.',
      ['channel.payload'],
    );
  const headers = channel.header ?? [];
  if (!Array.isArray(headers) || headers.some((header) => typeof header !== 'string' || !/^[\w-]+:\s?.+$/.test(header)))
    throw badRequest('Subscription.channel.header entries must read "Name: value".', ['channel.header']);
  const status = resource.status === 'off' ? 'off' : 'active';
  return { ...resource, status };
}

async function deliver(endpoint: string, headers: string[]): Promise<void> {
  const init: Record<string, string> = {};
  for (const header of headers) {
    const colon = header.indexOf(':');
    init[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: init,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) return;
      // A refusal (4xx) is the subscriber's answer: not retried.
      if (response.status < 500) throw Object.assign(new Error(`answered ${response.status}`), { final: true });
      throw new Error(`answered ${response.status}`);
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if ((error as { final?: boolean }).final || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Notifies the partition's active subscriptions whose criteria match a resource changed since
 * `since` (the start of the write that just committed). Never throws: failures are logged.
 */
export async function notifySubscriptions(
  pool: Pool,
  partition: { name: string; baseUrl: string; profile: SandboxProfile },
  since: Date,
): Promise<void> {
  try {
    const { rows } = await pool.query<{ id: string; content: JsonObject }>(
      `SELECT id, content FROM resources
        WHERE partition = $1 AND type = 'Subscription' AND NOT deleted AND content->>'status' = 'active'`,
      [partition.name],
    );
    await Promise.all(
      rows.map(async (row) => {
        const { type, query } = parseCriteria(row.content.criteria);
        if (!isSupportedType(type)) return;
        query.append('_lastUpdated', `ge${since.toISOString()}`);
        query.set('_count', '1');
        const matches = await searchResources(pool, partition.name, type, query, {
          baseUrl: partition.baseUrl,
          strict: false,
          profile: partition.profile,
        });
        if ((matches.entry ?? []).length === 0) return;
        const channel = row.content.channel as Channel;
        await deliver(String(channel.endpoint), (channel.header as string[] | undefined) ?? []).catch(
          (error: unknown) =>
            log().warn(
              { subscription: row.id, reason: error instanceof Error ? error.message : String(error) },
              'sandbox subscription notification failed',
            ),
        );
      }),
    );
  } catch (error) {
    log().error({ err: error }, 'sandbox subscription notifications failed');
  }
}
