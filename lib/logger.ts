/**
 * Structured JSON logs (pino). `log()` returns a logger bound to the current request id when called
 * within a request. Never log PHI: no names, birth dates, MRNs, phone numbers or emails.
 *
 * Secrets are censored wherever they sit in a logged object: a clinic's EHR credentials and
 * clearinghouse password (the fields of lib/security/secrets.ts, at any depth: a whole tenant's
 * settings logged by mistake included), authorization headers and one-time codes.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestContext } from './request-context';

const CENSOR = '[redacted]';
/** Every field of lib/security/secrets.ts's SECRET_FIELDS (checked by lib/logger.test.ts), and headers. */
export const CENSORED_FIELDS: ReadonlySet<string> = new Set([
  'token',
  'clientSecret',
  'privateKeyPem',
  'password',
  'authorization',
]);
/** Deeper than any settings object the app has; what lies below is left as it is. */
const MAX_DEPTH = 12;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A copy of `value` with every secret field's value censored (plain objects and arrays only). */
function censorSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => censorSecrets(item, depth + 1));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      CENSORED_FIELDS.has(key) && child !== undefined && child !== null ? CENSOR : censorSecrets(child, depth + 1),
    ]),
  );
}

/** A logger with the app's settings, writing to `destination` (standard output unless given: tests). */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'fhir-scheduling' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (object) => censorSecrets(object) as Record<string, unknown> },
    redact: {
      // One-time codes (`code` is also an error's code, so only below the top level).
      paths: ['*.code'],
      censor: CENSOR,
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

const baseLogger: Logger = createLogger();

export function log(): Logger {
  const context = currentRequestContext();
  if (!context) return baseLogger;
  return baseLogger.child({
    requestId: context.requestId,
    ...(context.tenantSlug ? { tenant: context.tenantSlug } : {}),
  });
}
