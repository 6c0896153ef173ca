/**
 * The embedded stack for the benchmarks that drive the real app: a throwaway PostgreSQL, the app
 * database (migrated) and the sandbox database, the demo clinic seeded, and one or more `next start`
 * processes of the production build (built if missing) on one database. Signed-in patients are real
 * app accounts of demo patients with the session cookie next-auth issues at sign-in (the sign-in
 * journey itself is measured elsewhere and is rate-limited per patient, as it should be).
 */
import './throwaway-secrets-key';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { encode } from 'next-auth/jwt';
import { dropDatabase, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { createDatabase, type Database } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/schema-engine';
import { seedDemo } from '@/lib/demo/seed-demo';
import { ContractClient } from '@/lib/fhir-server/contract/fhir-client';
import { closeSandboxPool } from '@/lib/fhir-server/db';
import { ensurePatientAccount } from '@/lib/identity/patient/patient-account';
import { staffClaims, type PatientClaims, type SessionClaims } from '@/lib/auth/session-claims';
import type { Tenant } from '@/lib/tenancy/tenant';
import { freePort, startTestPostgres, throwawayDatabaseName } from '@/lib/testing/test-postgres';

export interface SignedInPatient {
  patientId: string;
  /** The `Cookie` header value of the patient's session. */
  cookie: string;
}

export interface AppStack {
  /** One origin per app process. */
  origins: string[];
  tenant: Tenant;
  database: Database;
  /** A FHIR client of the demo clinic's sandbox partition (for checks after a run). */
  fhir: ContractClient;
  /** Pids of the app processes (for CPU profiles and memory). */
  pids: number[];
  /** Per app process, ms from its spawn to /api/health answering. */
  startupMs: number[];
  /** The app's and the FHIR sandbox's databases on the throwaway server (for their statistics). */
  databaseNames: { app: string; sandbox: string };
  patients: (count: number) => Promise<SignedInPatient[]>;
  /** The `Cookie` header value of a session with these claims. */
  cookieFor: (claims: SessionClaims) => Promise<string>;
  /** A front-desk clerk's session cookie at the demo clinic. */
  staffCookie: () => Promise<string>;
  stop: () => Promise<void>;
}

const SESSION_COOKIE = 'next-auth.session-token';

async function waitForHealth(origin: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app process at ${origin} exited (${child.exitCode})`);
    try {
      const reply = await fetch(`${origin}/api/health`);
      if (reply.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app at ${origin} did not answer /api/health within 120 s`);
}

export async function startAppStack(options: {
  processes: number;
  /** Extra node flags for the app processes (e.g. `--cpu-prof`, `--cpu-prof-dir=...`). */
  nodeArgs?: string[];
  /** Runs after the demo clinic is seeded and before the app processes start (e.g. more clinics). */
  beforeStart?: (stack: { database: Database; appBaseUrl: string; sandboxDatabaseUrl: string }) => Promise<void>;
}): Promise<AppStack> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  if (!existsSync('.next/BUILD_ID') || process.env.BENCH_REBUILD === '1') {
    const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const postgres = await startTestPostgres();
  const name = throwawayDatabaseName('bench_app');
  const sandboxName = throwawayDatabaseName('bench_app_fhir');
  await ensureDatabase(postgres.serverUrl, name);
  await ensureDatabase(postgres.serverUrl, sandboxName);
  const databaseUrl = withDatabase(postgres.serverUrl, name);
  const sandboxDatabaseUrl = withDatabase(postgres.serverUrl, sandboxName);
  await applyMigrations(databaseUrl);
  const ports = await Promise.all(Array.from({ length: options.processes }, () => freePort()));
  const origins = ports.map((port) => `http://127.0.0.1:${port}`);
  const appBaseUrl = origins[0] ?? '';
  const database = createDatabase(databaseUrl);
  const { tenant } = await seedDemo(database, appBaseUrl, sandboxDatabaseUrl);
  const secret = randomBytes(32).toString('base64url');
  const stopBeforeStart = async (): Promise<void> => {
    await database.$disconnect();
    await closeSandboxPool(sandboxDatabaseUrl).catch(() => undefined);
    await postgres.stop();
  };
  if (options.beforeStart)
    await options.beforeStart({ database, appBaseUrl, sandboxDatabaseUrl }).catch(async (error: unknown) => {
      await stopBeforeStart();
      throw error;
    });
  const spawnedAt = performance.now();
  const children = ports.map((port) =>
    spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), 'node_modules/next/dist/bin/next', 'start', '-p', String(port)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...env,
          NODE_ENV: 'production',
          DATABASE_URL: databaseUrl,
          APP_BASE_URL: appBaseUrl,
          NEXTAUTH_URL: appBaseUrl,
          FHIR_SANDBOX_DATABASE_URL: sandboxDatabaseUrl,
          NEXTAUTH_SECRET: secret,
          LOG_LEVEL: 'warn',
        },
      },
    ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGINT');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await database.$disconnect();
    await closeSandboxPool(sandboxDatabaseUrl).catch(() => undefined);
    await dropDatabase(postgres.serverUrl, name).catch(() => undefined);
    await dropDatabase(postgres.serverUrl, sandboxName).catch(() => undefined);
    await postgres.stop();
  };
  try {
    const startupMs = await Promise.all(
      children.map(async (child, index) => {
        await waitForHealth(origins[index] ?? '', child);
        return performance.now() - spawnedAt;
      }),
    );
    if (tenant.fhirAuth.type !== 'smart-client-secret') throw new Error('the demo clinic has no client credentials');
    const fhir = new ContractClient({
      baseUrl: tenant.fhirBaseUrl,
      tokenUrl: tenant.fhirAuth.tokenUrl,
      clientId: tenant.fhirAuth.clientId,
      clientSecret: tenant.fhirAuth.clientSecret,
    });
    await fhir.authenticate();
    const cookieFor = async (claims: SessionClaims): Promise<string> =>
      `${SESSION_COOKIE}=${await encode({ token: { claims }, secret })}`;
    const patients = async (count: number): Promise<SignedInPatient[]> => {
      const reply = await fhir.request<{ entry?: { resource?: { id?: string } }[] }>(
        'GET',
        `/Patient?_count=${Math.min(count, 200)}`,
      );
      const ids = (reply.body.entry ?? []).map((entry) => entry.resource?.id ?? '').filter(Boolean);
      const now = Math.floor(Date.now() / 1000);
      return Promise.all(
        ids.map(async (patientId) => {
          const account = await ensurePatientAccount(database, tenant.id, patientId);
          const claims: PatientClaims = {
            kind: 'patient',
            accountId: account.id,
            patientId,
            tenantId: tenant.id,
            tenantSlug: tenant.slug,
            sessionVersion: 0,
            authTime: now,
          };
          return { patientId, cookie: await cookieFor(claims) };
        }),
      );
    };
    return {
      origins,
      tenant,
      database,
      fhir,
      pids: children.map((child) => child.pid ?? 0),
      startupMs,
      databaseNames: { app: name, sandbox: sandboxName },
      patients,
      cookieFor,
      staffCookie: async () => {
        const staff = await database.staffUser.findFirstOrThrow({
          where: { tenantId: tenant.id, role: 'front_desk', active: true },
        });
        return cookieFor(staffClaims(staff, tenant));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
