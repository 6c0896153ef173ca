/**
 * What a FHIR server says it supports (its CapabilityStatement, read once and cached per clinic), so
 * the adapter sends only search parameters the server declares: some servers answer 400 to unknown
 * parameters, others silently ignore them. What cannot be sent is filtered by the adapter instead.
 */
import type { CapabilityStatement } from 'fhir/r4';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import type { FhirTransport } from './transport';

const TTL_MS = 60 * 60 * 1000;
/** Result parameters every R4 server understands or safely ignores. */
const ALWAYS = new Set(['_count', '_sort', '_id']);

export class ServerCapabilities {
  private loaded: {
    at: number;
    params: Map<string, Set<string>>;
    includes: Map<string, Set<string>>;
    interactions?: Map<string, Set<string>>;
    statement?: CapabilityStatement | null;
  } | null = null;
  private pending: Promise<void> | null = null;

  constructor(private readonly transport: FhirTransport) {}

  private async load(): Promise<void> {
    if (this.loaded && Date.now() - this.loaded.at < TTL_MS) return;
    this.pending ??= (async () => {
      try {
        const statement = (await this.transport.read<CapabilityStatement>('metadata')).body;
        this.transport.acceptAlias(statement.implementation?.url);
        const params = new Map<string, Set<string>>();
        const includes = new Map<string, Set<string>>();
        const interactions = new Map<string, Set<string>>();
        for (const resource of statement.rest?.find((rest) => rest.mode === 'server')?.resource ?? []) {
          params.set(resource.type, new Set((resource.searchParam ?? []).map((param) => param.name)));
          if (resource.searchInclude) includes.set(resource.type, new Set(resource.searchInclude));
          interactions.set(resource.type, new Set((resource.interaction ?? []).map((interaction) => interaction.code)));
        }
        this.loaded = { at: Date.now(), params, includes, interactions, statement };
      } catch (error) {
        // An EHR that is down: fail this call and keep nothing, so the next call reads it afresh.
        if (error instanceof AppError && error.code === 'unavailable') throw error;
        // A server that offers no CapabilityStatement: assume the standard parameters (searches still
        // filter results), and look again in a minute.
        log().warn({ err: error }, 'could not read the FHIR CapabilityStatement; assuming standard search parameters');
        this.loaded = { at: Date.now() - TTL_MS + 60_000, params: new Map(), includes: new Map() };
      }
    })().finally(() => {
      this.pending = null;
    });
    await this.pending;
  }

  /**
   * Whether the server declares `param` (a chain `a.b` needs `a` on `type`) for `type`; unknown types count as
   * supported.
   */
  async supports(type: string, param: string): Promise<boolean> {
    await this.load();
    const declared = this.loaded?.params.get(type);
    if (!declared || ALWAYS.has(param)) return true;
    if (param === '_include' || param === '_lastUpdated') return true;
    return declared.has(param.split('.')[0]?.split(':')[0] ?? param);
  }

  /** Whether the server declares `interaction` (e.g. `create`) on `type`; false when it does not say. */
  async offers(type: string, interaction: string): Promise<boolean> {
    await this.load();
    return this.loaded?.interactions?.get(type)?.has(interaction) ?? false;
  }

  /** The CapabilityStatement as read (null when the server offers none). */
  async statement(): Promise<CapabilityStatement | null> {
    await this.load();
    return this.loaded?.statement ?? null;
  }

  /** A search path with only what the server declares. */
  async searchPath(type: string, params: Record<string, string | string[] | undefined>): Promise<string> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      if (!(await this.supports(type, key))) continue;
      if (key === '_include') {
        const allowed = this.loaded?.includes.get(type);
        for (const include of Array.isArray(value) ? value : [value])
          if (!allowed || allowed.has(include)) search.append(key, include);
        continue;
      }
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
    }
    const query = search.toString();
    return query ? `${type}?${query}` : type;
  }
}
