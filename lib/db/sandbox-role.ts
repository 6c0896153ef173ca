/**
 * The FHIR sandbox's own database role. On the embedded server the web server serves the sandbox
 * (`/fhir/...`) from its own process; with the server's superuser URL for it, a compromised web process
 * could rewrite the app's audit log however tightly the app role is held. So the sandbox connects as a
 * role that owns its database and everything in it, and nothing else: it cannot log in to any other
 * database of the server (CONNECT is revoked from PUBLIC on those; each app role gets it explicitly,
 * lib/db/app-role.ts).
 *
 * Used by the launcher on the embedded server and by the browser tests' setup; idempotent, and it
 * takes over tables an older install created as the superuser.
 */
import pg from 'pg';
import { ensureLoginRole, quoteIdentifier } from './admin';
import { urlForRole } from './app-role';

export const EMBEDDED_SANDBOX_ROLE = 'fhir_sandbox';

/**
 * Makes `role` (created with `password` if missing) the owner of the sandbox database at
 * `sandboxDatabaseUrl` (a superuser URL) and of all it holds; closes `otherDatabases` to everyone not
 * granted CONNECT. Returns the sandbox database's URL as that role.
 */
export async function grantSandboxRole(
  sandboxDatabaseUrl: string,
  options: { role: string; password: string; otherDatabases: readonly string[] },
): Promise<string> {
  const role = quoteIdentifier(options.role);
  const client = new pg.Client({ connectionString: sandboxDatabaseUrl });
  await client.connect();
  try {
    await ensureLoginRole(client, options.role, options.password);
    const database = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
    await client.query(`ALTER DATABASE ${quoteIdentifier(database)} OWNER TO ${role}`);
    await client.query(`ALTER SCHEMA public OWNER TO ${role}`);
    const owned = await client.query<{ statement: string }>(
      `SELECT format('ALTER TABLE public.%I OWNER TO %I', tablename, $1::text) AS statement
         FROM pg_tables WHERE schemaname = 'public' AND tableowner <> $1
       UNION ALL
       SELECT format('ALTER SEQUENCE public.%I OWNER TO %I', sequencename, $1::text)
         FROM pg_sequences WHERE schemaname = 'public' AND sequenceowner <> $1
           AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
                           WHERE c.relname = sequencename AND d.deptype IN ('a', 'i'))`,
      [options.role],
    );
    for (const { statement } of owned.rows) await client.query(statement);
    await client.query(`REVOKE ALL ON DATABASE ${quoteIdentifier(database)} FROM PUBLIC`);
    for (const other of options.otherDatabases)
      await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${quoteIdentifier(other)} FROM PUBLIC`);
  } finally {
    await client.end();
  }
  return urlForRole(sandboxDatabaseUrl, options.role, options.password);
}
