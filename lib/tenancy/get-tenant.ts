import type { Database } from '@/lib/db/client';
import { keyRingVersion } from '@/lib/security/secrets';
import { tenantFromRow, type Tenant, type TenantSummary, summarizeTenant } from './tenant';
import { tenantSlugSchema } from './tenant-settings';

type TenantRow = Parameters<typeof tenantFromRow>[0];

/** The last row read of each clinic and the clinic made from it. */
const parsed = new Map<string, { row: string; tenant: Tenant }>();

/**
 * The clinic of a row read just now. Parsing its settings and decrypting its secrets is done again
 * only when the row differs from the last one read (compared whole, so no change is ever missed), or
 * the configured secrets keys do.
 */
function tenantOf(row: TenantRow): Tenant {
  const key = `${keyRingVersion()}\u0000${JSON.stringify(row)}`;
  const known = parsed.get(row.id);
  if (known?.row === key) return known.tenant;
  const tenant = tenantFromRow(row);
  parsed.set(row.id, { row: key, tenant });
  return tenant;
}

/**
 * Looks a tenant up by its URL slug; `null` when there is none (or the slug could never be one).
 * Read on every request, not cached in memory, so a clinic added at runtime is served at once by
 * every replica.
 */
export async function getTenantBySlug(database: Database, slug: string): Promise<Tenant | null> {
  const parsed = tenantSlugSchema.safeParse(slug);
  if (!parsed.success || parsed.data !== slug) return null;
  const row = await database.tenant.findUnique({ where: { slug: parsed.data } });
  return row ? tenantOf(row) : null;
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
  return row ? tenantOf(row) : null;
}
