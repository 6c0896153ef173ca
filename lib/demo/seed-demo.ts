import type { Database } from '@/lib/db/client';
import { ensurePartition } from '@/lib/fhir-server/partitions';
import type { PartitionBehaviour } from '@/lib/fhir-server/profile';
import { seedPartition } from '@/lib/fhir-server/seed/seed-partition';
import { localDate } from '@/lib/time/zoned';
import { enrolmentCodeIsLive, storeEnrolmentCode } from '@/lib/auth/staff-second-factor/enrolment-code';
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { encryptSecrets } from '@/lib/security/secrets';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import { tenantFromRow, type Tenant } from '@/lib/tenancy/tenant';
import { fhirAuthSchema, insuranceSettingsSchema, type FhirAuthSettings } from '@/lib/tenancy/tenant-settings';
import { DEMO_ADMIN_ENROLMENT_CODE, DEMO_STAFF, DEMO_TENANT_SLUG, demoTenant } from './demo-tenant';

/**
 * The demo clinic's addresses of the embedded sandbox moved to `appBaseUrl`: the FHIR base, the token
 * URL and the eligibility endpoint, where they still point at an embedded sandbox's `/fhir/demo` (on
 * whatever origin the server ran on before). An address an integrator changed to anything else is left
 * alone. Null when nothing needs to change.
 */
export function demoSandboxAddresses(
  tenant: Pick<Tenant, 'fhirBaseUrl' | 'fhirAuth' | 'insuranceSettings'>,
  appBaseUrl: string,
): Pick<Tenant, 'fhirBaseUrl' | 'fhirAuth' | 'insuranceSettings'> | null {
  const sandboxPath = `/fhir/${DEMO_TENANT_SLUG}`;
  const rebase = (url: string, path: string): string => {
    if (!URL.canParse(url)) return url;
    const parsed = new URL(url);
    return parsed.pathname.replace(/\/+$/, '') === path && !parsed.search ? `${appBaseUrl}${path}` : url;
  };
  const rebaseAuth = (auth: FhirAuthSettings): FhirAuthSettings =>
    auth.type === 'smart-client-secret'
      ? { ...auth, tokenUrl: rebase(auth.tokenUrl, `${sandboxPath}/auth/token`) }
      : auth;
  const eligibility = tenant.insuranceSettings.eligibility;
  const next = {
    fhirBaseUrl: rebase(tenant.fhirBaseUrl, sandboxPath),
    fhirAuth: rebaseAuth(tenant.fhirAuth),
    insuranceSettings: {
      ...tenant.insuranceSettings,
      eligibility:
        eligibility.kind === 'fhir'
          ? { ...eligibility, baseUrl: rebase(eligibility.baseUrl, sandboxPath), auth: rebaseAuth(eligibility.auth) }
          : eligibility,
    },
  };
  const same =
    JSON.stringify(next) ===
    JSON.stringify({
      fhirBaseUrl: tenant.fhirBaseUrl,
      fhirAuth: tenant.fhirAuth,
      insuranceSettings: tenant.insuranceSettings,
    });
  return same ? null : next;
}

export interface DemoSeedResult {
  tenant: Tenant;
  created: boolean;
  /** Resources written to the sandbox (0 when it already held the demo clinic). */
  fhirResources: number;
}

/**
 * Creates the demo clinic, its staff accounts and, in the embedded FHIR sandbox, its partition with a
 * client whose credentials the tenant uses (SMART client credentials, as with a real EHR) and the
 * generated clinic data. Safe to run on every start: nothing that exists is created again, and the
 * clinic's sandbox addresses follow `appBaseUrl` (the port the server runs on now). `sandbox`
 * sets the partition's profile and transaction mode (lenient and atomic unless given; see
 * lib/fhir-server/profile.ts).
 */
export async function seedDemo(
  database: Database,
  appBaseUrl: string,
  sandboxDatabaseUrl: string | null,
  sandbox: Partial<PartitionBehaviour> = {},
): Promise<DemoSeedResult> {
  let tenant = await getTenantBySlug(database, DEMO_TENANT_SLUG);
  const created = !tenant;
  if (sandboxDatabaseUrl) {
    const stored = tenant?.fhirAuth.type === 'smart-client-secret' ? tenant.fhirAuth : null;
    const credentials = await ensurePartition(sandboxDatabaseUrl, DEMO_TENANT_SLUG, {
      ...sandbox,
      ...(stored ? { clientId: stored.clientId, clientSecret: stored.clientSecret } : {}),
    });
    if (!tenant) {
      const fhirAuth = {
        type: 'smart-client-secret',
        tokenUrl: `${appBaseUrl}/fhir/${DEMO_TENANT_SLUG}/auth/token`,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      } as const;
      const defaults = demoTenant(appBaseUrl);
      tenant = await createTenant(database, {
        ...defaults,
        fhirAuth,
        insuranceSettings: {
          ...defaults.insuranceSettings,
          eligibility: { kind: 'fhir', baseUrl: `${appBaseUrl}/fhir/${DEMO_TENANT_SLUG}`, auth: fhirAuth },
        },
      });
    }
  }
  tenant ??= await createTenant(database, demoTenant(appBaseUrl));
  // The server may run on another port (or host) than at the first start: follow it to the sandbox.
  const moved = sandboxDatabaseUrl ? demoSandboxAddresses(tenant, appBaseUrl) : null;
  if (moved) {
    tenant = tenantFromRow(
      await database.tenant.update({
        where: { id: tenant.id },
        data: {
          fhirBaseUrl: moved.fhirBaseUrl,
          fhirAuth: encryptSecrets(fhirAuthSchema.parse(moved.fhirAuth)),
          insuranceSettings: encryptSecrets(insuranceSettingsSchema.parse(moved.insuranceSettings)),
        },
      }),
    );
  }
  if (tenant.insuranceSettings.payers.length === 0 && tenant.insuranceSettings.eligibility.kind === 'none') {
    // A demo clinic created before insurance existed: give it the demo payers and the sandbox as payer.
    const insuranceSettings = {
      ...demoTenant(appBaseUrl).insuranceSettings,
      eligibility: { kind: 'fhir', baseUrl: tenant.fhirBaseUrl, auth: tenant.fhirAuth },
    };
    tenant = tenantFromRow(
      await database.tenant.update({
        where: { id: tenant.id },
        data: { insuranceSettings: encryptSecrets(insuranceSettingsSchema.parse(insuranceSettings)) },
      }),
    );
  }
  for (const staff of DEMO_STAFF) {
    const present = await database.staffUser.count({ where: { tenantId: tenant.id, email: staff.email } });
    if (!present) await createStaffUser(database, tenant.id, { ...staff, locationIds: [] });
  }
  await keepDemoAdminEnrolmentCode(database, tenant.id);
  let fhirResources = 0;
  if (sandboxDatabaseUrl) {
    const result = await seedPartition(sandboxDatabaseUrl, DEMO_TENANT_SLUG, {
      mrnSystem: tenant.mrnSystem,
      timeZone: tenant.timeZone,
      startDate: localDate(new Date(), tenant.timeZone),
    });
    fhirResources = result.resources;
  }
  return { tenant, created, fhirResources };
}

/** While the demo administrator has no passkey, the README's enrolment code sets one up. */
async function keepDemoAdminEnrolmentCode(database: Database, tenantId: string): Promise<void> {
  const admin = DEMO_STAFF.find((staff) => staff.role === 'admin');
  if (!admin) return;
  const user = await database.staffUser.findUnique({
    where: { tenantId_email: { tenantId, email: admin.email } },
    select: { id: true },
  });
  if (!user || (await database.passkeyCredential.count({ where: { tenantId, staffUserId: user.id } })) > 0) return;
  const live = await enrolmentCodeIsLive(database, { tenantId, staffUserId: user.id, code: DEMO_ADMIN_ENROLMENT_CODE });
  if (!live)
    await storeEnrolmentCode(database, {
      tenantId,
      staffUserId: user.id,
      issuedById: null,
      code: DEMO_ADMIN_ENROLMENT_CODE,
    });
}
