/**
 * Access tokens for a clinic's FHIR server: none, a static bearer token, or SMART Backend Services
 * (client credentials with client_secret_basic, or private_key_jwt signed RS384/ES384 as the SMART
 * spec requires: https://hl7.org/fhir/smart-app-launch/backend-services.html). Tokens are cached until
 * shortly before they expire and can be invalidated after a 401.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { FhirAuthSettings } from '@/lib/tenancy/tenant-settings';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  token_type: z.string().optional(),
});

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

  constructor(
    private readonly settings: FhirAuthSettings,
    private readonly timeoutMs: number,
  ) {}

  /** The Authorization header value, or null for servers without auth. */
  async authorization(): Promise<string | null> {
    switch (this.settings.type) {
      case 'none':
        return null;
      case 'bearer':
        return `Bearer ${this.settings.token}`;
      case 'smart-client-secret':
      case 'smart-private-key-jwt':
        if (this.cached && this.cached.expiresAt > Date.now()) return `Bearer ${this.cached.token}`;
        this.pending ??= this.fetchToken().finally(() => {
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

  private async fetchToken(): Promise<string> {
    const settings = this.settings;
    if (settings.type !== 'smart-client-secret' && settings.type !== 'smart-private-key-jwt')
      throw new Error('not a SMART configuration');
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: settings.scope });
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
        signal: AbortSignal.timeout(this.timeoutMs),
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
    const lifetimeMs = (parsed.data.expires_in ?? 300) * 1000;
    this.cached = {
      token: parsed.data.access_token,
      expiresAt: Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    return parsed.data.access_token;
  }
}
