/**
 * Access tokens for a clinic's FHIR server: none, a static bearer token, or SMART Backend Services
 * (client credentials with client_secret_basic, or private_key_jwt signed RS384/ES384 as the SMART
 * spec requires: https://hl7.org/fhir/smart-app-launch/backend-services.html). Tokens are cached until
 * shortly before they expire and can be invalidated after a 401.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import type { FhirAuthSettings } from '@/lib/tenancy/tenant-settings';
import { defaultScope, describeShortfalls, scopeShortfalls } from './scopes';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

const smartConfigurationSchema = z.object({ capabilities: z.array(z.string()).optional() });

/** Refresh this long before the server says a token expires. */
const EXPIRY_MARGIN_MS = 60_000;

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A signed client assertion JWT for private_key_jwt (RFC 7523), RS384 or ES384. */
export function clientAssertion(
  settings: Extract<FhirAuthSettings, { type: 'smart-private-key-jwt' }>,
  now = Date.now(),
): string {
  const header = base64url(JSON.stringify({ alg: settings.algorithm, kid: settings.keyId, typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: settings.clientId,
      sub: settings.clientId,
      aud: settings.tokenUrl,
      jti: randomUUID(),
      exp: Math.floor(now / 1000) + 300,
    }),
  );
  const key = createPrivateKey(settings.privateKeyPem);
  const signature = sign(
    'sha384',
    Buffer.from(`${header}.${claims}`),
    settings.algorithm === 'ES384' ? { key, dsaEncoding: 'ieee-p1363' } : key,
  );
  return `${header}.${claims}.${base64url(signature)}`;
}

export class TokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  /** The scope the last token was granted (the token answer's `scope`, else what was asked). */
  grantedScope: string | null = null;

  /**
   * @param options.fhirBaseUrl where `.well-known/smart-configuration` says which scope syntax the
   *   server speaks, when the clinic configured no scope.
   * @param options.checkScopes warn when a granted token cannot do what the scheduling app does.
   */
  constructor(
    private readonly settings: FhirAuthSettings,
    private readonly timeoutMs: number,
    private readonly options: { fhirBaseUrl?: string; checkScopes?: boolean } = {},
  ) {}

  /** The scope to ask for: the clinic's setting, else one scope covering everything the app does. */
  async requestedScope(): Promise<string> {
    if (this.settings.type !== 'smart-client-secret' && this.settings.type !== 'smart-private-key-jwt') return '';
    if (this.settings.scope) return this.settings.scope;
    let capabilities: string[] = [];
    if (this.options.fhirBaseUrl) {
      try {
        const response = await fetch(`${this.options.fhirBaseUrl}/.well-known/smart-configuration`, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const parsed = smartConfigurationSchema.safeParse(response.ok ? await response.json() : null);
        capabilities = parsed.success ? (parsed.data.capabilities ?? []) : [];
      } catch {
        // No discovery document: SMART v1's wildcard is understood by v1 and v2 servers alike.
      }
    }
    return defaultScope(capabilities);
  }

  /** The Authorization header value, or null for servers without auth; `signal` ends a token fetch. */
  async authorization(signal?: AbortSignal): Promise<string | null> {
    switch (this.settings.type) {
      case 'none':
        return null;
      case 'bearer':
        return `Bearer ${this.settings.token}`;
      case 'smart-client-secret':
      case 'smart-private-key-jwt':
        if (this.cached && this.cached.expiresAt > Date.now()) return `Bearer ${this.cached.token}`;
        this.pending ??= this.fetchToken(signal).finally(() => {
          this.pending = null;
        });
        return `Bearer ${await this.pending}`;
    }
  }

  /** Forget the cached token (after the server answered 401). */
  invalidate(): void {
    this.cached = null;
  }

  get refreshable(): boolean {
    return this.settings.type === 'smart-client-secret' || this.settings.type === 'smart-private-key-jwt';
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const settings = this.settings;
    if (settings.type !== 'smart-client-secret' && settings.type !== 'smart-private-key-jwt')
      throw new Error('not a SMART configuration');
    const scope = await this.requestedScope();
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (settings.type === 'smart-client-secret') {
      const credentials = `${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', clientAssertion(settings));
    }
    let response: Response;
    try {
      response = await fetch(settings.tokenUrl, {
        method: 'POST',
        headers,
        body: form,
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)])
          : AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new AppError('unavailable', 'ehr.unreachable', {
        cause: error,
        retryAfterSeconds: 30,
      });
    }
    const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) {
      throw new AppError('unavailable', 'ehr.credentialsRefused', {
        cause: new Error(`token endpoint answered ${response.status}`),
      });
    }
    this.grantedScope = parsed.data.scope ?? scope;
    const { strictest, anyReading } = scopeShortfalls(this.grantedScope);
    if (this.options.checkScopes && (anyReading.length > 0 || strictest.length > 0)) {
      // For the integrator: the token cannot do everything the app does (run `npm run tenant:check`).
      log().warn(
        {
          requested: scope,
          granted: this.grantedScope,
          missing: describeShortfalls(anyReading.length ? anyReading : strictest),
        },
        anyReading.length
          ? 'the EHR granted a token without scopes the app needs; those requests will be refused'
          : 'the EHR granted scopes that servers honouring only the first matching scope read as too narrow',
      );
    }
    const lifetimeMs = (parsed.data.expires_in ?? 300) * 1000;
    this.cached = {
      token: parsed.data.access_token,
      expiresAt: Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    return parsed.data.access_token;
  }
}
