/**
 * `npm run test:e2e`: a throwaway, migrated and seeded database on a real PostgreSQL, a production
 * build (made if missing), then Playwright. Extra arguments go to Playwright.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dropDatabase, dropRole, ensureDatabase, withDatabase } from '@/lib/db/admin';
import { createDatabase, type Database } from '@/lib/db/client';
import { closeSandboxPool } from '@/lib/fhir-server/db';
import { applyMigrations } from '@/lib/db/schema-engine';
import { seedDemo } from '@/lib/demo/seed-demo';
import { DEMO_TENANT_SLUG, demoTenant } from '@/lib/demo/demo-tenant';
import { ensurePartition } from '@/lib/fhir-server/partitions';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { localDate } from '@/lib/time/zoned';
import { grantSandboxRole } from '@/lib/db/sandbox-role';
import { generateSecretsKey } from '@/lib/security/secrets';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { providerSettingsSchema } from '@/lib/tenancy/tenant-settings';
import { createBridgedClinic } from '@/lib/testing/bridged-clinic';
import { createTestAppRole, freePort, startTestPostgres, throwawayDatabaseName } from '@/lib/testing/test-postgres';

/**
 * The server under test serves its clinics' EHRs itself (the sandbox), so the EHR's clock is the app's:
 * change detection need not re-read two minutes behind its cursor to absorb a clock difference. With
 * that default, the first polls re-read each clinic's whole seed (written just before the server starts,
 * about 19,000 resources for the demo-sized clinics) for the first two minutes of the run.
 */
async function keepChangeDetectionOnOneClock(database: Database, slug: string): Promise<void> {
  const tenant = await getTenantBySlug(database, slug);
  if (!tenant) throw new Error(`No clinic ${slug}.`);
  const { providerSettings } = tenant;
  await database.tenant.update({
    where: { id: tenant.id },
    data: {
      providerSettings: providerSettingsSchema.parse({
        ...providerSettings,
        changeDetection: { ...providerSettings.changeDetection, overlapSeconds: 10 },
      }),
    },
  });
}

async function main(): Promise<number> {
  // The key for clinic secrets at rest, for the seeding here and the server under test alike.
  process.env.SECRETS_KEY ??= generateSecretsKey('e2e');
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  if (!existsSync('.next/BUILD_ID') || process.env.E2E_REBUILD === '1') {
    const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } });
    if (build.status !== 0) return build.status ?? 1;
  }
  const postgres = await startTestPostgres();
  const name = throwawayDatabaseName('e2e');
  const sandboxName = throwawayDatabaseName('e2e_fhir');
  let sandboxDatabaseUrl: string | null = null;
  let dropAppRole = (): Promise<void> => Promise.resolve();
  const sandboxRole = `${sandboxName}_owner`;
  try {
    await ensureDatabase(postgres.serverUrl, name);
    await ensureDatabase(postgres.serverUrl, sandboxName);
    const databaseUrl = withDatabase(postgres.serverUrl, name);
    sandboxDatabaseUrl = withDatabase(postgres.serverUrl, sandboxName);
    await applyMigrations(databaseUrl);
    // The app under test connects as its own least-privileged role, as it does under `npm start`.
    const appRole = await createTestAppRole(postgres.serverUrl, databaseUrl, name);
    dropAppRole = appRole.drop;
    const port = await freePort();
    // localhost (not 127.0.0.1): passkeys need a host name as their RP id (playwright.config.ts).
    const appBaseUrl = `http://localhost:${port}`;
    const database = createDatabase(databaseUrl);
    // The demo clinic's sandbox runs the strict profile: the journeys must pass against the strictest EHRs.
    await seedDemo(database, appBaseUrl, sandboxDatabaseUrl, { profile: 'strict' });
    await keepChangeDetectionOnOneClock(database, DEMO_TENANT_SLUG);
    // A second clinic, for the journeys that prove one clinic's session is worthless at another.
    await createTenant(database, {
      slug: 'northside',
      displayName: 'Northside Pediatrics',
      timeZone: 'America/New_York',
      fhirBaseUrl: `${appBaseUrl}/fhir/northside`,
      mrnSystem: 'urn:oid:2.16.840.1.113883.19.5',
    });
    // A clinic on a legacy EHR (e2e/bridge.spec.ts): the bridge's MLLP port, and the simulator's.
    const bridgePorts = { mllpPort: await freePort(), ehrPort: await freePort() };
    await createBridgedClinic(database, { appBaseUrl, sandboxDatabaseUrl, ...bridgePorts });
    // A clinic whose EHR books only by the IHE ITI Scheduling operations ($find, $hold, $book; no Slot
    // writes): the same journeys, in operations mode, chosen from its CapabilityStatement.
    const ops = await ensurePartition(sandboxDatabaseUrl, 'lakeside-ops', {
      profile: 'strict',
      scheduling: 'operations-only',
    });
    const defaults = demoTenant(appBaseUrl);
    const opsTenant = await createTenant(database, {
      ...defaults,
      slug: 'lakeside-ops',
      displayName: 'Lakeside Scheduling Operations',
      fhirBaseUrl: `${appBaseUrl}/fhir/lakeside-ops`,
      fhirAuth: {
        type: 'smart-client-secret',
        tokenUrl: `${appBaseUrl}/fhir/lakeside-ops/auth/token`,
        clientId: ops.clientId,
        clientSecret: ops.clientSecret,
      },
      insuranceSettings: { ...defaults.insuranceSettings, eligibility: { kind: 'none' } },
    });
    await keepChangeDetectionOnOneClock(database, opsTenant.slug);
    await seedPartition(sandboxDatabaseUrl, 'lakeside-ops', {
      mrnSystem: opsTenant.mrnSystem,
      timeZone: opsTenant.timeZone,
      startDate: localDate(new Date(), opsTenant.timeZone),
    });
    await database.$disconnect();
    // The server under test reaches the sandbox as the sandbox's own role, as under `npm start`.
    await closeSandboxPool(sandboxDatabaseUrl);
    const sandboxRoleUrl = await grantSandboxRole(sandboxDatabaseUrl, {
      role: sandboxRole,
      password: randomBytes(18).toString('base64url'),
      otherDatabases: [name],
    });
    const run = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: {
        ...env,
        DATABASE_URL: appRole.url,
        E2E_PORT: String(port),
        E2E_BRIDGE_MLLP_PORT: String(bridgePorts.mllpPort),
        E2E_BRIDGE_EHR_PORT: String(bridgePorts.ehrPort),
        APP_BASE_URL: appBaseUrl,
        NEXTAUTH_URL: appBaseUrl,
        FHIR_SANDBOX_DATABASE_URL: sandboxRoleUrl,
        NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
        // Signs the inbound SMS webhook's requests (e2e/waitlist.spec.ts); without an account SID,
        // messages still go to the development outbox.
        TWILIO_AUTH_TOKEN: randomBytes(24).toString('base64url'),
      },
    });
    return run.status ?? 1;
  } finally {
    if (sandboxDatabaseUrl) await closeSandboxPool(sandboxDatabaseUrl).catch(() => undefined);
    await dropDatabase(postgres.serverUrl, name).catch(() => undefined);
    await dropDatabase(postgres.serverUrl, sandboxName).catch(() => undefined);
    await dropAppRole().catch(() => undefined);
    await dropRole(postgres.serverUrl, sandboxRole).catch(() => undefined);
    await postgres.stop();
  }
}

void main().then((code) => process.exit(code));
