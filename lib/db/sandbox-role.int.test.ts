/**
 * The FHIR sandbox's own role (what the embedded server's web process holds instead of a superuser
 * URL): it owns the sandbox database, runs the sandbox, takes over tables an older install created as
 * the superuser, and cannot log in to the app's database.
 */
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeSandboxPool, sandboxPool } from '@/lib/fhir-server/db';
import { dropDatabase, dropRole, ensureDatabase, withDatabase } from './admin';
import { grantSandboxRole } from './sandbox-role';

const serverUrl = inject('databaseServerUrl');
const suffix = Math.random().toString(36).slice(2, 8);
const sandboxName = `role_sandbox_${suffix}`;
const appName = `role_app_${suffix}`;
const role = `role_sandbox_${suffix}_owner`;

afterAll(async () => {
  await dropDatabase(serverUrl, sandboxName).catch(() => undefined);
  await dropDatabase(serverUrl, appName).catch(() => undefined);
  await dropRole(serverUrl, role).catch(() => undefined);
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the FHIR sandbox’s own database role', () => {
  it('owns the sandbox database (also what an older install made as superuser) and nothing else', async () => {
    await ensureDatabase(serverUrl, sandboxName);
    await ensureDatabase(serverUrl, appName);
    const superuserSandboxUrl = withDatabase(serverUrl, sandboxName);
    // An older install: the sandbox's tables made by the superuser.
    await sandboxPool(superuserSandboxUrl);
    await closeSandboxPool(superuserSandboxUrl);

    const url = await grantSandboxRole(superuserSandboxUrl, {
      role,
      password: `pw-${suffix}`,
      otherDatabases: [appName],
    });
    expect(new URL(url).username).toBe(role);
    const [me] = await query<{ rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean }>(
      url,
      'SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user',
    );
    expect(me).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
    const foreign = await query<{ tablename: string }>(
      url,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user`,
    );
    expect(foreign).toEqual([]);

    // The sandbox runs as it: schema upgrades (owner's DDL), writes, VACUUM.
    const pool = await sandboxPool(url);
    await pool.query(`INSERT INTO partitions (name) VALUES ('as-role') ON CONFLICT DO NOTHING`);
    await pool.query('VACUUM (ANALYZE) partitions');
    expect((await pool.query('SELECT name FROM partitions')).rows).toContainEqual({ name: 'as-role' });
    await closeSandboxPool(url);

    // And it cannot log in to the app's database.
    const appAsSandbox = new URL(url);
    appAsSandbox.pathname = `/${appName}`;
    await expect(query(appAsSandbox.toString(), 'SELECT 1')).rejects.toThrow(/permission denied for database/);

    // Idempotent: granting again (every start) changes nothing and still works.
    await grantSandboxRole(superuserSandboxUrl, { role, password: `pw-${suffix}`, otherDatabases: [appName] });
    expect(await query(url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});
