/** An administrator reviews the messages that did not get through; the reading is audited. */
import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { listProblemNotifications, type ProblemNotification } from './list-problem-notifications';

export interface ReviewProblemNotificationsInput {
  tenantId: string;
  staff: { id: string; role: string };
}

export async function reviewProblemNotifications(
  deps: { database: Database },
  input: ReviewProblemNotificationsInput,
): Promise<ProblemNotification[]> {
  const rows = await listProblemNotifications(deps.database, input.tenantId);
  await recordAudit(deps.database, {
    tenantId: input.tenantId,
    actor: { type: 'staff', id: input.staff.id, role: input.staff.role },
    action: 'notifications.read',
    outcome: 'success',
    detail: { rows: rows.length },
  });
  return rows;
}
