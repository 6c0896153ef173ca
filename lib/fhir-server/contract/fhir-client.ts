/** A minimal FHIR HTTP client for the contract suite: client-credentials token, JSON in and out. */
export interface ContractTarget {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface FhirReply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export class ContractClient {
  private token: string | null = null;
  constructor(readonly target: ContractTarget) {}

  async authenticate(): Promise<void> {
    const response = await fetch(this.target.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${this.target.clientId}:${this.target.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=system%2F*.read%20system%2F*.write',
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    this.token = ((await response.json()) as { access_token: string }).access_token;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; anonymous?: boolean } = {},
  ): Promise<FhirReply<T>> {
    const url = path.startsWith('http') ? path : `${this.target.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
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
}
