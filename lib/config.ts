/**
 * The app's configuration, parsed once from the environment with zod. A missing or malformed value
 * stops start-up with a message naming the variable. Every variable is documented in .env.example.
 */
import { z } from 'zod';

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

const serverSchema = sharedSchema.extend({
  DATABASE_URL: postgresUrl,
  /** The embedded FHIR sandbox's own database; unset disables /fhir (clinics use their own EHR). */
  FHIR_SANDBOX_DATABASE_URL: postgresUrl.optional(),
  /** Signs and encrypts session cookies. The launcher generates one for the embedded demo. */
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 random characters (e.g. `openssl rand -base64 32`)'),
  /** A session ends after this many minutes without activity. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** ...and this many hours after sign-in, whatever the activity. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
});

const launcherSchema = sharedSchema.extend({
  /** When unset, the launcher runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  PORT: port.default(3000),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 random characters (e.g. `openssl rand -base64 32`)').optional(),
  FHIR_SANDBOX_DATABASE_URL: postgresUrl.optional(),
});

export type ServerConfig = z.infer<typeof serverSchema>;
export type LauncherConfig = z.infer<typeof launcherSchema>;

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
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message;
    return `  ${variable}: ${message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`);
}

export function parseServerConfig(env: Env): ServerConfig {
  return parse(serverSchema, env);
}

export function parseLauncherConfig(env: Env): LauncherConfig {
  return parse(launcherSchema, env);
}

let cached: ServerConfig | undefined;

/** The running server's configuration (parsed on first use, then cached). */
export function getConfig(): ServerConfig {
  cached ??= parseServerConfig(process.env);
  return cached;
}
