import type { Database } from '@/lib/db/client';
import { createStaffUser } from '@/lib/identity/staff/create-staff-user';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { DEMO_STAFF, DEMO_TENANT_SLUG, demoTenant } from './demo-tenant';

/** Creates the demo clinic and its staff accounts unless they exist. Safe to run on every start. */
export async function seedDemo(database: Database, appBaseUrl: string): Promise<{ tenant: Tenant; created: boolean }> {
  const existing = await getTenantBySlug(database, DEMO_TENANT_SLUG);
  const tenant = existing ?? (await createTenant(database, demoTenant(appBaseUrl)));
  for (const staff of DEMO_STAFF) {
    const present = await database.staffUser.count({ where: { tenantId: tenant.id, email: staff.email } });
    if (!present) await createStaffUser(database, tenant.id, { ...staff, locationIds: [] });
  }
  return { tenant, created: !existing };
}
