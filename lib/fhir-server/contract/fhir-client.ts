/**
 * A minimal FHIR HTTP client for the contract suites: a client-credentials token, JSON in and out,
 * and the few portable helpers a suite needs on any server (counting matches without relying on
 * `Bundle.total`, reading what the CapabilityStatement declares).
 */
export interface ContractTarget {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The scope to ask for; by default one scope covering reads and writes (SMART v2 if offered). */
  scope?: string;
}

export interface FhirReply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

interface SearchPage {
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { search?: { mode?: string } }[];
}

interface Capabilities {
  rest?: {
    interaction?: { code: string }[];
    resource?: { type: string; interaction?: { code: string }[]; searchParam?: { name: string }[] }[];
  }[];
}

export class ContractClient {
  private token: string | null = null;
  private capabilityStatement: Capabilities | null = null;
  /** The scope the token was granted (as the token endpoint said). */
  grantedScope = '';

  constructor(readonly target: ContractTarget) {}

  async authenticate(): Promise<void> {
    const scope = this.target.scope ?? (await this.defaultScope());
    const response = await fetch(this.target.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${this.target.clientId}:${this.target.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    const token = (await response.json()) as { access_token: string; scope?: string };
    this.token = token.access_token;
    this.grantedScope = token.scope ?? scope;
  }

  /** The Authorization header of the current token, for requests made without {@link request}. */
  authorization(): string {
    if (!this.token) throw new Error('authenticate() first');
    return `Bearer ${this.token}`;
  }

  /** `system/*.cruds` where the server speaks SMART v2 scopes, else `system/*.*`. */
  private async defaultScope(): Promise<string> {
    const reply = await fetch(`${this.target.baseUrl}/.well-known/smart-configuration`).catch(() => null);
    const configuration = reply?.ok ? ((await reply.json()) as { capabilities?: string[] }) : {};
    return configuration.capabilities?.includes('permission-v2') ? 'system/*.cruds' : 'system/*.*';
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; anonymous?: boolean } = {},
  ): Promise<FhirReply<T>> {
    const url = /^https?:/.test(path)
      ? path
      : path === ''
        ? this.target.baseUrl
        : `${this.target.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
    const headers: Record<string, string> = { accept: 'application/fhir+json', ...(options.headers ?? {}) };
    if (!options.anonymous && this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined || options.rawBody !== undefined)
      headers['content-type'] ??= 'application/fhir+json';
    const response = await fetch(url, {
      method,
      headers,
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  /**
   * How many resources match a search: `Bundle.total` when the server states it (asked with
   * `_total=accurate`), else the matches counted over every page.
   */
  async count(path: string): Promise<number> {
    const separator = path.includes('?') ? '&' : '?';
    let reply = await this.request<SearchPage>('GET', `${path}${separator}_total=accurate`);
    if (reply.status !== 200) throw new Error(`search ${path} answered ${reply.status}`);
    if (typeof reply.body.total === 'number') return reply.body.total;
    let matches = 0;
    for (let pages = 0; pages < 100; pages += 1) {
      matches += (reply.body.entry ?? []).filter((entry) => (entry.search?.mode ?? 'match') === 'match').length;
      const next = reply.body.link?.find((link) => link.relation === 'next')?.url;
      if (!next) return matches;
      reply = await this.request<SearchPage>('GET', next);
    }
    throw new Error(`search ${path} has more than 100 pages`);
  }

  private async capabilities(): Promise<Capabilities> {
    this.capabilityStatement ??= (await this.request<Capabilities>('GET', '/metadata')).body;
    return this.capabilityStatement;
  }

  /** Whether the CapabilityStatement declares a system interaction (e.g. `history-system`). */
  async declaresSystem(code: string): Promise<boolean> {
    return (await this.capabilities()).rest?.[0]?.interaction?.some((item) => item.code === code) ?? false;
  }

  /** Whether the CapabilityStatement declares a search parameter on a type (`_id` always counts). */
  async declaresSearchParam(type: string, name: string): Promise<boolean> {
    if (name === '_id') return true;
    const resource = (await this.capabilities()).rest?.[0]?.resource?.find((item) => item.type === type);
    return resource?.searchParam?.some((item) => item.name === name) ?? false;
  }

  /** Whether the CapabilityStatement declares an interaction (e.g. `history-type`) on a type. */
  async declares(type: string, code: string): Promise<boolean> {
    const resource = (await this.capabilities()).rest?.[0]?.resource?.find((item) => item.type === type);
    return resource?.interaction?.some((item) => item.code === code) ?? false;
  }
}
