/**
 * Sandbox access control, shaped like SMART Backend Services so the app's FHIR adapter uses the same
 * flow as with a real EHR: a client-credentials token endpoint per partition
 * (client_secret_basic or client_secret_post), opaque bearer tokens valid one hour, stored hashed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { FhirError, unauthorized } from './outcome';
import {
  grantScopes,
  partitionBehaviourChangeSchema,
  partitionBehaviourSchema,
  type PartitionBehaviour,
} from './profile';

export const TOKEN_LIFETIME_SECONDS = 3600;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Creates the partition; the behaviour given (profile, transaction mode) is set on a new or existing one. */
export async function createPartition(
  pool: pg.Pool,
  name: string,
  behaviour: Partial<PartitionBehaviour> = {},
): Promise<void> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new Error(`Invalid partition name ${JSON.stringify(name)}.`);
  const { profile, transactions, scheduling } = partitionBehaviourChangeSchema.parse(behaviour);
  await pool.query(
    `INSERT INTO partitions (name, profile, transactions, scheduling)
     VALUES ($1, COALESCE($2, 'lenient'), COALESCE($3, 'atomic'), COALESCE($4, 'slot-writes'))
     ON CONFLICT (name) DO UPDATE
     SET profile = COALESCE($2, partitions.profile), transactions = COALESCE($3, partitions.transactions),
       scheduling = COALESCE($4, partitions.scheduling)`,
    [name, profile ?? null, transactions ?? null, scheduling ?? null],
  );
}

/** The partition's behaviour, or null when there is no such partition. */
export async function readPartition(pool: pg.Pool, name: string): Promise<PartitionBehaviour | null> {
  const { rows } = await pool.query<{ profile: string; transactions: string; scheduling: string }>(
    'SELECT profile, transactions, scheduling FROM partitions WHERE name = $1',
    [name],
  );
  return rows[0] ? partitionBehaviourSchema.parse(rows[0]) : null;
}

/**
 * Registers (or re-keys) a client of the partition with the scopes it may be granted (SMART v1 or v2
 * syntax; default everything).
 */
export async function registerClient(
  pool: pg.Pool,
  partition: string,
  clientId: string,
  clientSecret: string,
  scopes = 'system/*.*',
): Promise<void> {
  await pool.query(
    `INSERT INTO clients (partition, client_id, secret_hash, scopes) VALUES ($1, $2, $3, $4)
     ON CONFLICT (partition, client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, scopes = EXCLUDED.scopes`,
    [partition, clientId, sha256(clientSecret), scopes],
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

/**
 * The client-credentials grant. A strict partition grants only what was asked for and the client is
 * registered for (the answer's `scope` says what), a lenient one echoes the request.
 */
export async function issueToken(
  pool: pg.Pool,
  partition: string,
  behaviour: PartitionBehaviour,
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
  const { rows } = await pool.query<{ secret_hash: string; scopes: string }>(
    'SELECT secret_hash, scopes FROM clients WHERE partition = $1 AND client_id = $2',
    [partition, clientId],
  );
  const expected = Buffer.from(rows[0]?.secret_hash ?? sha256(randomBytes(16).toString('hex')));
  const actual = Buffer.from(sha256(clientSecret));
  if (!rows[0] || !timingSafeEqual(expected, actual))
    throw new OAuthError(401, 'invalid_client', 'Unknown client or wrong secret.');
  const scope =
    behaviour.profile === 'strict'
      ? grantScopes(form.get('scope'), rows[0].scopes)
      : (form.get('scope') ?? 'system/*.read system/*.write');
  if (!scope) throw new OAuthError(400, 'invalid_scope', 'None of the requested scopes can be granted to this client.');
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO access_tokens (token_hash, partition, client_id, scope, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [sha256(token), partition, clientId, scope, TOKEN_LIFETIME_SECONDS],
  );
  await pool.query('DELETE FROM access_tokens WHERE expires_at < now()');
  return { access_token: token, token_type: 'bearer', expires_in: TOKEN_LIFETIME_SECONDS, scope };
}

/**
 * Tokens already checked by this process, until they expire: a token is never changed or revoked
 * before its expiry, so every request after the first skips the database. Bounded; the oldest go.
 */
const checkedTokens = new Map<string, { partition: string; scope: string; expiresAt: number }>();
const CHECKED_TOKENS_MAX = 10_000;

/**
 * Checks the bearer token of a request to the partition (401 OperationOutcome otherwise) and returns
 * the scopes it was granted.
 */
export async function requireBearer(pool: pg.Pool, partition: string, authorization: string | null): Promise<string> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
  if (!token)
    throw unauthorized(
      'A bearer token is required: get one from the token endpoint in /.well-known/smart-configuration.',
    );
  const hash = sha256(token);
  const checked = checkedTokens.get(hash);
  if (checked && checked.partition === partition && checked.expiresAt > Date.now()) return checked.scope;
  const { rows } = await pool.query<{ scope: string; expires_at: Date }>(
    'SELECT scope, expires_at FROM access_tokens WHERE token_hash = $1 AND partition = $2 AND expires_at > now()',
    [hash, partition],
  );
  if (!rows[0]) throw new FhirError(401, 'expired', 'The bearer token is unknown or expired for this partition.');
  if (checkedTokens.size >= CHECKED_TOKENS_MAX) checkedTokens.delete(checkedTokens.keys().next().value ?? '');
  checkedTokens.set(hash, { partition, scope: rows[0].scope, expiresAt: rows[0].expires_at.getTime() });
  return rows[0].scope;
}
