import type { Database } from '@/lib/db/client';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { getTenantBySlug } from '@/lib/tenancy/get-tenant';
import type { Tenant } from '@/lib/tenancy/tenant';
import { DEMO_TENANT_SLUG, demoTenant } from './demo-tenant';

/** Creates the demo clinic unless it exists. Safe to run on every start. */
export async function seedDemo(database: Database, appBaseUrl: string): Promise<{ tenant: Tenant; created: boolean }> {
  const existing = await getTenantBySlug(database, DEMO_TENANT_SLUG);
  if (existing) return { tenant: existing, created: false };
  return { tenant: await createTenant(database, demoTenant(appBaseUrl)), created: true };
}
