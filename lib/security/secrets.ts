/**
 * Secrets at rest: a clinic's EHR credentials (bearer token, client secret, private key) and its
 * clearinghouse password are stored encrypted with AES-256-GCM, each value as
 * `enc:v1:<key id>:<iv>:<ciphertext+tag>` (base64url), in place of the plain string in the JSON column.
 *
 * Keys come from the environment: `SECRETS_KEY` is the current key (`<id>:<32 bytes, base64>`, or the
 * bare base64 for id `k1`), used for every new encryption; `SECRETS_KEYS_PREVIOUS` (comma-separated,
 * same form) holds retired keys that still decrypt. Rotation: put the old key in SECRETS_KEYS_PREVIOUS,
 * a new one (new id) in SECRETS_KEY, and start the app once (the launcher re-encrypts every clinic's
 * secrets with the current key); then the old key may go. The embedded demo generates its key once
 * into DATA_DIR/secrets-key. Values that are not encrypted yet (written before this existed) are read
 * as they are and encrypted at the next start.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
/** JSON keys whose string values are secrets, wherever they sit in a clinic's settings. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['token', 'clientSecret', 'privateKeyPem', 'password']);

export class SecretsKeyError extends Error {
  override name = 'SecretsKeyError';
}

export interface SecretsKeyRing {
  current: { id: string; key: Buffer };
  all: Map<string, Buffer>;
}

function parseKey(text: string, variable: string): { id: string; key: Buffer } {
  const trimmed = text.trim();
  const separator = trimmed.indexOf(':');
  const id = separator > 0 ? trimmed.slice(0, separator) : 'k1';
  const encoded = separator > 0 ? trimmed.slice(separator + 1) : trimmed;
  const key = Buffer.from(encoded, 'base64');
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32)
    throw new SecretsKeyError(
      `${variable}: must be 32 random bytes in base64, optionally prefixed by a key id ("k2:..."); ` +
        'generate one with `openssl rand -base64 32`.',
    );
  return { id, key };
}

/** The key ring from SECRETS_KEY and SECRETS_KEYS_PREVIOUS; throws SecretsKeyError naming the variable. */
export function keyRingFromEnv(env: Record<string, string | undefined> = process.env): SecretsKeyRing {
  if (!env.SECRETS_KEY) throw new SecretsKeyError('SECRETS_KEY: is required to read and store clinic credentials.');
  const current = parseKey(env.SECRETS_KEY, 'SECRETS_KEY');
  const all = new Map<string, Buffer>([[current.id, current.key]]);
  for (const item of (env.SECRETS_KEYS_PREVIOUS ?? '').split(',').filter((part) => part.trim())) {
    const previous = parseKey(item, 'SECRETS_KEYS_PREVIOUS');
    if (!all.has(previous.id)) all.set(previous.id, previous.key);
  }
  return { current, all };
}

/** Which keys are configured now, as a digest (what was decrypted with other keys must be decrypted again). */
export function keyRingVersion(env: Record<string, string | undefined> = process.env): string {
  return createHash('sha256')
    .update(`${env.SECRETS_KEY ?? ''}\u0000${env.SECRETS_KEYS_PREVIOUS ?? ''}`)
    .digest('base64url');
}

/** A new random key in SECRETS_KEY's form. */
export function generateSecretsKey(id = 'k1'): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function encryptSecret(plain: string, ring: SecretsKeyRing = keyRingFromEnv()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${ring.current.id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

export function decryptSecret(stored: string, ring?: SecretsKeyRing): string {
  if (!isEncrypted(stored)) return stored;
  const [id = '', iv = '', body = ''] = stored.slice(PREFIX.length).split(':');
  const key = (ring ?? keyRingFromEnv()).all.get(id);
  if (!key) throw new SecretsKeyError(`A clinic secret is encrypted with key "${id}", which is not configured.`);
  const bytes = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
}

/** The key id a stored value was encrypted with (null: not encrypted). */
export function secretKeyId(stored: string): string | null {
  return isEncrypted(stored) ? (stored.slice(PREFIX.length).split(':')[0] ?? null) : null;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function mapSecrets(value: Json, transform: (secret: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => mapSecrets(item, transform));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      SECRET_FIELDS.has(key) && typeof child === 'string' ? transform(child) : mapSecrets(child, transform),
    ]),
  );
}

/**
 * A settings object with every secret field encrypted with the current key (already encrypted
 * values with another key are re-encrypted: rotation).
 */
export function encryptSecrets<T>(value: T, ring: SecretsKeyRing = keyRingFromEnv()): T {
  return mapSecrets(value as Json, (secret) =>
    secretKeyId(secret) === ring.current.id ? secret : encryptSecret(decryptSecret(secret, ring), ring),
  ) as T;
}

/** A stored settings object with its secret fields decrypted (the key ring is read only if needed). */
export function decryptSecrets<T>(value: T, ring?: SecretsKeyRing): T {
  return mapSecrets(value as Json, (secret) => decryptSecret(secret, ring)) as T;
}
