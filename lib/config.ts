/**
 * The app's configuration, parsed once from the environment with zod. A missing or malformed value
 * stops start-up with a message naming the variable. Every variable is documented in .env.example.
 */
import { z } from 'zod';
import { trustedProxiesSchema, type TrustedProxies } from '@/lib/net/addresses';

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/[^/]+/.test(value) && URL.canParse(value), {
    message: 'must be a PostgreSQL URL such as postgresql://user:password@host:5432/database',
  });

const port = z.coerce.number().int().min(1).max(65535);

const sharedSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public origin of the app, used in links sent to patients and as the demo sandbox's base. */
  APP_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://localhost:3000' })
    .default('http://localhost:3000')
    .transform((value) => value.replace(/\/+$/, '')),
});

const optionalText = z.string().trim().min(1).optional();

const serverSchema = sharedSchema.extend({
  /**
   * `production` for real deployments: the development outbox is then impossible and real SMS/email
   * credentials are required. (NODE_ENV is `production` for any `next start`, demos included.)
   */
  APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
  TWILIO_ACCOUNT_SID: optionalText,
  /** Auth token, or use an API key pair below; also validates webhook signatures. */
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_API_KEY_SID: optionalText,
  TWILIO_API_KEY_SECRET: optionalText,
  /** Default sender: an E.164 number or a messaging service SID (MG...), per clinic overridable. */
  TWILIO_FROM: optionalText,
  /** Overrides Twilio's API host (tests point the real SDK at a loopback stub). */
  TWILIO_API_BASE_URL: z.url().optional(),
  /** Hand-off pace per sender, messages per second (a US long code: 1). */
  SMS_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
  /** smtp://user:pass@host:port (or smtps://). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  EMAIL_FROM: z.string().trim().min(3).default('Patient scheduling <no-reply@localhost>'),
  /**
   * When the eligibility clock ticks (cron, UTC): each tick queues the nightly run of every clinic whose
   * `nightlyHour` it is, once per clinic and day. Hourly by default; the two-process test ticks each minute.
   */
  ELIGIBILITY_TICK_CRON: z
    .string()
    .trim()
    .regex(/^(\S+\s+){4}\S+$/, 'must be a cron expression of five fields, e.g. "0 * * * *"')
    .default('0 * * * *'),
  /**
   * Encrypts clinic credentials at rest (lib/security/secrets.ts): `<key id>:<32 bytes base64>`. The
   * launcher generates one for the embedded demo; SECRETS_KEYS_PREVIOUS holds retired keys (rotation).
   */
  SECRETS_KEY: optionalText,
  SECRETS_KEYS_PREVIOUS: optionalText,
  /** `in-process` runs the notification workers inside the web server; `off` leaves them to `npm run worker`. */
  NOTIFY_WORKERS: z.enum(['in-process', 'off']).default('in-process'),
  DATABASE_URL: postgresUrl,
  /** The embedded FHIR sandbox's own database; unset disables /fhir (clinics use their own EHR). */
  FHIR_SANDBOX_DATABASE_URL: postgresUrl.optional(),
  /** Signs and encrypts session cookies. The launcher generates one for the embedded demo. */
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 random characters (e.g. `openssl rand -base64 32`)'),
  /** A session ends after this many minutes without activity. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** ...and this many hours after sign-in, whatever the activity. */
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /**
   * Reverse proxies / load balancers whose `X-Forwarded-For`, `-Host` and `-Proto` are believed
   * (comma-separated IPs or CIDR ranges). None by default: the socket peer is the client.
   */
  TRUSTED_PROXIES: trustedProxiesSchema,
  /** A patient's quick-login QR code stops working this many days after it was made. */
  QR_LOGIN_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 365)
    .default(365),
});

const launcherSchema = sharedSchema.extend({
  /** Unset: `http://localhost:{PORT}`, so that links and the demo clinic's sandbox follow the port. */
  APP_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://localhost:3000' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /** When unset, the launcher runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  /**
   * The same database as the owner of its schema, for migrations and the CLI commands; the app
   * itself connects as DATABASE_URL's role, which gets only the grants it needs (lib/db/app-role.ts).
   * Unset: DATABASE_URL does both (the CLI commands run as it; `npm start` refuses to serve as an owner).
   */
  DATABASE_OWNER_URL: postgresUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  PORT: port.default(3000),
  NEXTAUTH_SECRET: z
    .string()
    .min(32, 'must be at least 32 random characters (e.g. `openssl rand -base64 32`)')
    .optional(),
  FHIR_SANDBOX_DATABASE_URL: postgresUrl.optional(),
});

export type ServerConfig = z.infer<typeof serverSchema>;

const productionRules = (config: ServerConfig): string[] => {
  if (config.APP_ENV !== 'production') return [];
  const problems: string[] = [];
  if (
    !config.TWILIO_ACCOUNT_SID ||
    !(config.TWILIO_AUTH_TOKEN || (config.TWILIO_API_KEY_SID && config.TWILIO_API_KEY_SECRET))
  )
    problems.push(
      '  TWILIO_ACCOUNT_SID: Twilio credentials are required when APP_ENV=production ' +
        '(the development outbox is never used in production)',
    );
  if (!config.SMTP_URL) problems.push('  SMTP_URL: an SMTP server is required when APP_ENV=production');
  if (!config.SECRETS_KEY)
    problems.push('  SECRETS_KEY: a key for clinic credentials at rest is required when APP_ENV=production');
  return problems;
};
export type LauncherConfig = Omit<z.infer<typeof launcherSchema>, 'APP_BASE_URL'> & { APP_BASE_URL: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function parse<T extends z.ZodType>(schema: T, env: Env): z.infer<T> {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const message =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message;
    return `  ${variable}: ${message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`);
}

export function parseServerConfig(env: Env): ServerConfig {
  const config = parse(serverSchema, env);
  const problems = productionRules(config);
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}\nSee .env.example for every setting.`);
  return config;
}

export function parseLauncherConfig(env: Env): LauncherConfig {
  const config = parse(launcherSchema, env);
  return { ...config, APP_BASE_URL: config.APP_BASE_URL ?? `http://localhost:${config.PORT}` };
}

let cached: ServerConfig | undefined;

/** The running server's configuration (parsed on first use, then cached). */
export function getConfig(): ServerConfig {
  cached ??= parseServerConfig(process.env);
  return cached;
}

let trustedProxiesCache: TrustedProxies | undefined;

/**
 * `TRUSTED_PROXIES` alone, parsed with the same schema as the whole configuration: the client
 * address and origin checks need it on every request, including in processes (tools, unit tests)
 * that never load the server's full configuration.
 */
export function getTrustedProxies(): TrustedProxies {
  trustedProxiesCache ??=
    cached?.TRUSTED_PROXIES ?? parse(serverSchema.pick({ TRUSTED_PROXIES: true }), process.env).TRUSTED_PROXIES;
  return trustedProxiesCache;
}
