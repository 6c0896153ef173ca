/**
 * The launcher's least-privilege checks (README: Database roles), against a real PostgreSQL: it
 * refuses to serve as a superuser or as an owner of the app's tables, and with the embedded database
 * the web server gets only the app's own role.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { dropDatabase, dropRole, quoteIdentifier, quoteLiteral, withDatabase } from '@/lib/db/admin';
import { roleOfUrl, urlForRole } from '@/lib/db/app-role';
import { applyMigrations } from '@/lib/db/schema-engine';
import { parseLauncherConfig } from '@/lib/config';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { freePort, throwawayDatabaseName } from '@/lib/testing/test-postgres';
import { uniqueSlug } from '@/lib/testing/database';
import { openMigratedDatabase, webServerEnvironment } from './cli';

interface Run {
  status: number | null;
  output: string;
}

/** Runs a launcher script to its end (the refusals stop it long before it would serve). */
function runScript(script: string, env: Record<string, string>): Promise<Run> {
  const inherited = { ...process.env };
  // A launcher that got past the role checks would then stop here (required with DATABASE_URL), not serve.
  delete inherited.NEXTAUTH_SECRET;
  delete inherited.DATABASE_OWNER_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...inherited, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

async function asRole<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('the launcher on your own PostgreSQL (DATABASE_URL)', () => {
  const serverUrl = inject('databaseServerUrl');
  const database = throwawayDatabaseName('launcher');
  const password = `pw_${Math.random().toString(36).slice(2)}`;
  const roles = { owner: `${database}_owner`, heir: `${database}_heir`, app: `${database}_app` };
  /** The superuser, on this test's database. */
  const superUrl = withDatabase(serverUrl, database);
  const url = (role: string): string => urlForRole(superUrl, role, password);

  beforeAll(async () => {
    await asRole(serverUrl, async (client) => {
      for (const role of Object.values(roles))
        await client.query(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${quoteLiteral(password)}`);
      // The heir owns nothing itself, but inherits the owner's rights (a member of its role).
      await client.query(`GRANT ${quoteIdentifier(roles.owner)} TO ${quoteIdentifier(roles.heir)}`);
      // The owner hands pg-boss's schema to the app role, so it must be able to act as it.
      await client.query(`GRANT ${quoteIdentifier(roles.app)} TO ${quoteIdentifier(roles.owner)}`);
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)} OWNER ${quoteIdentifier(roles.owner)}`);
    });
    await applyMigrations(url(roles.owner));
  }, 120_000);

  afterAll(async () => {
    await dropDatabase(serverUrl, database);
    for (const role of [roles.heir, roles.app, roles.owner]) await dropRole(serverUrl, role);
  });

  it('refuses a DATABASE_URL that is a superuser, or owns the tables itself or through a role', async () => {
    const attempts = [
      { app: superUrl, owner: url(roles.owner), role: roleOfUrl(superUrl) },
      { app: url(roles.owner), owner: superUrl, role: roles.owner },
      { app: url(roles.heir), owner: url(roles.owner), role: roles.heir },
    ];
    for (const attempt of attempts) {
      const run = await runScript('scripts/start.ts', { DATABASE_URL: attempt.app, DATABASE_OWNER_URL: attempt.owner });
      expect(run.status, run.output).toBe(1);
      expect(run.output).toContain(
        `The app's database role "${attempt.role}" is a superuser or owns the app's tables, so it could alter`,
      );
      expect(run.output).toContain('DATABASE_OWNER_URL');
      expect(run.output).not.toContain(password);
      expect(run.output).not.toContain('Serving on');
    }
  }, 240_000);

  it('refuses to serve as a superuser given alone as DATABASE_URL', async () => {
    const run = await runScript('scripts/start.ts', { DATABASE_URL: superUrl });
    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain(`The app's database role "${roleOfUrl(superUrl)}" is a superuser`);
    expect(run.output).not.toContain('Serving on');
  }, 120_000);

  it('accepts an ordinary role, granted what the app needs and unable to touch the audit log', async () => {
    const run = await runScript('scripts/migrate.ts', {
      DATABASE_URL: url(roles.app),
      DATABASE_OWNER_URL: url(roles.owner),
    });
    expect(run.status, run.output).toBe(0);
    await asRole(url(roles.app), async (client) => {
      expect((await client.query('SELECT count(*)::int AS n FROM "AuditEvent"')).rows[0]).toEqual({ n: 0 });
      await expect(client.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER USER')).rejects.toMatchObject({
        code: '42501',
      });
    });
  }, 120_000);
});

describe('the launcher with the embedded database', () => {
  let dataDir = '';
  let parent = '';

  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'launcher-embedded-'));
    // The embedded server runs as the unprivileged `postgres` user when we are root.
    await chmod(parent, 0o755);
    dataDir = path.join(parent, 'data');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('serves as the limited app role, and keeps its generated secrets key across restarts', async () => {
    const config = parseLauncherConfig({ DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()) });
    // No key configured: the embedded demo generates one (the test run's key is set for everything else).
    vi.stubEnv('SECRETS_KEY', '');
    const slug = uniqueSlug('embedded');
    const first = await openMigratedDatabase(config, { serving: true });
    let generatedKey = '';
    try {
      generatedKey = process.env.SECRETS_KEY ?? '';
      expect(generatedKey).toMatch(/^k1:/);
      expect((await stat(path.join(dataDir, 'secrets-key'))).mode & 0o777).toBe(0o600);
      await createTenant(first.database, {
        slug,
        displayName: 'Embedded Clinic',
        timeZone: 'UTC',
        fhirBaseUrl: 'https://ehr.example/R4',
        mrnSystem: 'urn:oid:1.2',
        fhirAuth: { type: 'bearer', token: 'embedded-bearer-token-42' },
      });

      const env = webServerEnvironment(config, first.server);
      expect(env.DATABASE_OWNER_URL).toBeUndefined();
      expect(roleOfUrl(env.DATABASE_URL ?? '')).toBe('scheduling_app');
      expect(roleOfUrl(env.FHIR_SANDBOX_DATABASE_URL ?? '')).toBe('fhir_sandbox');
      for (const databaseUrl of [env.DATABASE_URL ?? '', env.FHIR_SANDBOX_DATABASE_URL ?? ''])
        expect(
          (
            await asRole(databaseUrl, (client) =>
              client.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user'),
            )
          ).rows[0],
        ).toEqual({ rolsuper: false });
      await asRole(env.DATABASE_URL ?? '', async (client) => {
        for (const statement of [
          'ALTER TABLE "AuditEvent" DISABLE TRIGGER USER',
          'SET session_replication_role = replica',
        ])
          await expect(client.query(statement), statement).rejects.toMatchObject({ code: '42501' });
      });
    } finally {
      await first.close();
    }

    // A restart: the same key from DATA_DIR, so the clinic's stored secrets still open.
    vi.stubEnv('SECRETS_KEY', '');
    const second = await openMigratedDatabase(config, { serving: true });
    try {
      expect(process.env.SECRETS_KEY).toBe(generatedKey);
      expect((await getTenantBySlug(second.database, slug))?.fhirAuth).toEqual({
        type: 'bearer',
        token: 'embedded-bearer-token-42',
      });
    } finally {
      await second.close();
    }
  }, 180_000);
});
