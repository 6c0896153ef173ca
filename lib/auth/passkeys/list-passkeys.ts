/** The passkeys of an account, as the profile lists them: name, when added, when last used. */
import type { Database } from '@/lib/db/client';
import { ownerWhere, type PasskeyOwner } from './passkey-owner';

export interface PasskeySummary {
  id: string;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  /** Synced to the owner's other devices by their passkey provider. */
  synced: boolean;
}

export function toPasskeySummary(row: {
  id: string;
  name: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  backedUp: boolean;
}): PasskeySummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    synced: row.backedUp,
  };
}

export async function listPasskeys(database: Database, owner: PasskeyOwner): Promise<PasskeySummary[]> {
  const rows = await database.passkeyCredential.findMany({
    where: ownerWhere(owner),
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
  });
  return rows.map(toPasskeySummary);
}
