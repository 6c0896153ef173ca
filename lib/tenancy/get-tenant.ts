import type { Database } from '@/lib/db/client';
import { tenantFromRow, type Tenant, type TenantSummary, summarizeTenant } from './tenant';
import { tenantSlugSchema } from './tenant-settings';

/**
 * Looks a tenant up by its URL slug; `null` when there is none (or the slug could never be one).
 * Read on every request, not cached in memory, so a clinic added at runtime is served at once by
 * every replica.
 */
export async function getTenantBySlug(database: Database, slug: string): Promise<Tenant | null> {
  const parsed = tenantSlugSchema.safeParse(slug);
  if (!parsed.success || parsed.data !== slug) return null;
  const row = await database.tenant.findUnique({ where: { slug: parsed.data } });
  return row ? tenantFromRow(row) : null;
}

export async function listTenants(database: Database): Promise<TenantSummary[]> {
  const rows = await database.tenant.findMany({
    orderBy: { displayName: 'asc' },
    select: { slug: true, displayName: true, timeZone: true, contactPhone: true },
  });
  return rows.map(summarizeTenant);
}

export async function getTenantById(database: Database, id: string): Promise<Tenant | null> {
  const row = await database.tenant.findUnique({ where: { id } });
  return row ? tenantFromRow(row) : null;
}
