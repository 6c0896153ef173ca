/**
 * What the administrator's use-cases of a bridged clinic share: only administrators, only a clinic
 * that is bridged, and the actor as the audit log records it.
 */
import type { AuditActor } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/checkin/check-in-deps';
import type { Database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { BridgeContext } from '../bridge-context';
import { loadBridgeContext } from '../configure-bridge';

/** The bridge context for an administrator's action; 403 for anyone else, 404 for a clinic not bridged. */
export async function adminBridgeContext(database: Database, actor: StaffActor): Promise<BridgeContext> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'bridge.adminOnly');
  const context = await loadBridgeContext(database, actor.tenant.id);
  if (!context) throw new AppError('not_found', 'bridge.notBridged');
  return context;
}

export function auditActor(actor: StaffActor): AuditActor {
  return { type: 'staff', id: actor.staffId, role: actor.role };
}
