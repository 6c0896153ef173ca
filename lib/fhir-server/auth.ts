/**
 * Sandbox access control, shaped like SMART Backend Services so the app's FHIR adapter uses the same
 * flow as with a real EHR: a client-credentials token endpoint per partition
 * (client_secret_basic or client_secret_post), opaque bearer tokens valid one hour, stored hashed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { FhirError, unauthorized } from './outcome';

export const TOKEN_LIFETIME_SECONDS = 3600;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export async function createPartition(pool: pg.Pool, name: string): Promise<void> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new Error(`Invalid partition name ${JSON.stringify(name)}.`);
  await pool.query('INSERT INTO partitions (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
}

export async function partitionExists(pool: pg.Pool, name: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM partitions WHERE name = $1', [name]);
  return (rowCount ?? 0) > 0;
}

/** Registers (or re-keys) a client of the partition. */
export async function registerClient(
  pool: pg.Pool,
  partition: string,
  clientId: string,
  clientSecret: string,
): Promise<void> {
  await pool.query(
    'INSERT INTO clients (partition, client_id, secret_hash) VALUES ($1, $2, $3) ON CONFLICT (partition, client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash',
    [partition, clientId, sha256(clientSecret)],
  );
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

/** OAuth2 errors are JSON `{error, error_description}` (RFC 6749 §5.2), not OperationOutcomes. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

export async function issueToken(
  pool: pg.Pool,
  partition: string,
  form: URLSearchParams,
  authorization: string | null,
): Promise<TokenResponse> {
  if (form.get('grant_type') !== 'client_credentials')
    throw new OAuthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
  let clientId = form.get('client_id');
  let clientSecret = form.get('client_secret');
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  if (!clientId || !clientSecret)
    throw new OAuthError(
      401,
      'invalid_client',
      'Client authentication is required (client_secret_basic or client_secret_post).',
    );
  const { rows } = await pool.query<{ secret_hash: string }>(
    'SELECT secret_hash FROM clients WHERE partition = $1 AND client_id = $2',
    [partition, clientId],
  );
  const expected = Buffer.from(rows[0]?.secret_hash ?? sha256(randomBytes(16).toString('hex')));
  const actual = Buffer.from(sha256(clientSecret));
  if (!rows[0] || !timingSafeEqual(expected, actual))
    throw new OAuthError(401, 'invalid_client', 'Unknown client or wrong secret.');
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    'INSERT INTO access_tokens (token_hash, partition, client_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))',
    [sha256(token), partition, clientId, TOKEN_LIFETIME_SECONDS],
  );
  await pool.query('DELETE FROM access_tokens WHERE expires_at < now()');
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    scope: form.get('scope') ?? 'system/*.read system/*.write',
  };
}

/** Checks the bearer token of a request to the partition; 401 OperationOutcome otherwise. */
export async function requireBearer(pool: pg.Pool, partition: string, authorization: string | null): Promise<void> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
  if (!token)
    throw unauthorized(
      'A bearer token is required: get one from the token endpoint in /.well-known/smart-configuration.',
    );
  const { rowCount } = await pool.query(
    'SELECT 1 FROM access_tokens WHERE token_hash = $1 AND partition = $2 AND expires_at > now()',
    [sha256(token), partition],
  );
  if (!rowCount) throw new FhirError(401, 'expired', 'The bearer token is unknown or expired for this partition.');
}
