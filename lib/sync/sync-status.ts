/**
 * How far behind the EHR each clinic's change detection is: lag (now minus the instant up to which
 * nothing can be missing), last success, last error (without PHI), source and counters. For
 * `/api/health` details and the administrator page.
 */
import type { Database } from '@/lib/db/client';

export interface ClinicSyncStatus {
  clinic: string;
  source: 'poll' | 'subscription';
  /** Seconds; null before the first sync. */
  lagSeconds: number | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  changesSeen: number;
  unmappableSeen: number;
}

export async function listClinicSyncStatus(
  database: Database,
  options: { tenantId?: string; now?: Date } = {},
): Promise<ClinicSyncStatus[]> {
  const now = options.now ?? new Date();
  const [rows, tenants] = await Promise.all([
    database.clinicSync.findMany({ where: options.tenantId ? { tenantId: options.tenantId } : {} }),
    database.tenant.findMany({
      where: options.tenantId ? { id: options.tenantId } : {},
      select: { id: true, slug: true },
    }),
  ]);
  const slugs = new Map(tenants.map((tenant) => [tenant.id, tenant.slug]));
  return rows
    .filter((row) => slugs.has(row.tenantId))
    .map((row): ClinicSyncStatus => ({
      clinic: slugs.get(row.tenantId) ?? '',
      source: row.source === 'subscription' ? 'subscription' : 'poll',
      lagSeconds: row.caughtUpTo ? Math.max(0, Math.round((now.getTime() - row.caughtUpTo.getTime()) / 1000)) : null,
      lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
      lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
      lastError: row.lastError,
      changesSeen: row.changesSeen,
      unmappableSeen: row.unmappableSeen,
    }))
    .sort((a, b) => a.clinic.localeCompare(b.clinic));
}
