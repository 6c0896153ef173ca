/**
 * Least privilege for the app database: migrations run as the owner of the schema, the web servers
 * and workers as a role that owns none of the app's tables. That role reads and writes the app's
 * rows, may only insert and read the audit log (no UPDATE, DELETE or TRUNCATE: not even through its
 * triggers, which it cannot disable, since only an owner may ALTER a table and only a superuser may
 * set `session_replication_role`), and only reads `_prisma_migrations` (for /api/health).
 * pg-boss keeps its queue in its own schema: installed by the owner, then owned by the app role,
 * because pg-boss creates a table per queue at run time.
 *
 * Used by the launcher (`npm start`, `npm run db:migrate`) after every migration, and by the test
 * setup; idempotent.
 */
import pg from 'pg';
import { installPgBoss } from '@/lib/jobs/pg-boss';
import { ensureLoginRole, quoteIdentifier } from './admin';

/** The app role of the embedded server (its password is generated once into DATA_DIR). */
export const EMBEDDED_APP_ROLE = 'scheduling_app';
/** pg-boss's schema (lib/jobs/pg-boss.ts). */
export const JOB_QUEUE_SCHEMA = 'pgboss';

/** Tables the app role may only read and append to. */
const APPEND_ONLY_TABLES = ['AuditEvent'];
/** Tables the app role may only read. */
const READ_ONLY_TABLES = ['_prisma_migrations'];

/** The user name of a PostgreSQL URL. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** A URL for `role` on the same server and database as `url`. */
export function urlForRole(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export interface AppRoleOptions {
  /** The role the app connects as. */
  role: string;
  /** When given, the role is created with it if missing (the embedded server, tests). */
  createWithPassword?: string;
  /** pg-boss schemas to hand over to the role (default: `pgboss`). */
  jobQueueSchemas?: readonly string[];
}

/**
 * Grants the app role exactly what the app needs on the database at `ownerUrl` (connected as the
 * schema's owner). Throws if the role is a superuser or owns app tables, since the audit log could
 * then be rewritten.
 */
export async function grantAppRole(ownerUrl: string, options: AppRoleOptions): Promise<void> {
  const role = quoteIdentifier(options.role);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    if (options.createWithPassword !== undefined)
      await ensureLoginRole(client, options.role, options.createWithPassword);
    const powers = await rolePowers(client, options.role);
    if (!powers) throw new Error(`The app's database role "${options.role}" does not exist; create it first.`);
    if (powers.superuser || powers.ownsTables) throw new Error(tooPowerfulMessage(options.role));
    const database = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
    const statements = [
      `GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdentifier(database)} TO ${role}`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      // Tables a later migration creates (also through `prisma migrate deploy` elsewhere).
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
      `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`,
      ...APPEND_ONLY_TABLES.map((table) => `REVOKE UPDATE, DELETE ON ${quoteIdentifier(table)} FROM ${role}`),
      ...READ_ONLY_TABLES.map((table) => `REVOKE INSERT, UPDATE, DELETE ON ${quoteIdentifier(table)} FROM ${role}`),
    ];
    for (const statement of statements) await client.query(statement);
    for (const schema of options.jobQueueSchemas ?? [JOB_QUEUE_SCHEMA]) {
      await installPgBoss(ownerUrl, schema);
      await handOverSchema(client, schema, role);
    }
  } finally {
    await client.end();
  }
}

/**
 * Whether `role` is a superuser, or owns an app table (itself, or through a role it is a member of and
 * inherits from, which gives it the owner's power to ALTER the table); null if there is no such role.
 */
async function rolePowers(
  client: pg.Client,
  role: string,
): Promise<{ superuser: boolean; ownsTables: boolean } | null> {
  const { rows } = await client.query<{ rolsuper: boolean; owned: string }>(
    `SELECT r.rolsuper,
            (SELECT count(*) FROM pg_tables t
              WHERE t.schemaname = 'public' AND pg_has_role(r.oid, t.tableowner, 'USAGE'))::text AS owned
       FROM pg_roles r WHERE r.rolname = $1`,
    [role],
  );
  const found = rows[0];
  return found ? { superuser: found.rolsuper, ownsTables: found.owned !== '0' } : null;
}

function tooPowerfulMessage(role: string): string {
  return (
    `The app's database role "${role}" is a superuser or owns the app's tables, so it could alter the audit ` +
    'log. Connect the app as an ordinary role (DATABASE_URL) and migrate as the owner (DATABASE_OWNER_URL); ' +
    'see the README, Database roles.'
  );
}

/**
 * Throws unless the role `databaseUrl` logs in as is fit to be the app's: neither a superuser nor an
 * owner of the app's tables. The launcher calls it before serving when no separate owner is configured.
 */
export async function assertOrdinaryAppRole(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const role = (await client.query<{ name: string }>('SELECT current_user AS name')).rows[0]?.name ?? '';
    const powers = await rolePowers(client, role);
    if (!powers || powers.superuser || powers.ownsTables) throw new Error(tooPowerfulMessage(role));
  } finally {
    await client.end();
  }
}

/** Hands pg-boss's schema (installed by the owner) and everything in it over to the role. */
async function handOverSchema(client: pg.Client, schema: string, role: string): Promise<void> {
  const name = quoteIdentifier(schema);
  await client.query(`ALTER SCHEMA ${name} OWNER TO ${role}`);
  const owned = await client.query<{ statement: string }>(
    `SELECT format('ALTER %s %s OWNER TO ${role.replaceAll('%', '%%')}',
              CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,
              c.oid::regclass) AS statement
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'S', 'v') AND NOT c.relispartition
     UNION ALL
     SELECT format('ALTER TABLE %s OWNER TO ${role.replaceAll('%', '%%')}', c.oid::regclass)
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relispartition
     UNION ALL
     SELECT format('ALTER FUNCTION %s OWNER TO ${role.replaceAll('%', '%%')}', p.oid::regprocedure)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
     UNION ALL
     SELECT format('ALTER TYPE %s OWNER TO ${role.replaceAll('%', '%%')}', t.oid::regtype)
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e'`,
    [schema],
  );
  for (const { statement } of owned.rows) await client.query(statement);
}
