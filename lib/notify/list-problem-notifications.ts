/** Messages that did not get through, for administrators: dead, failed, undeliverable or unconfirmed. */
import type { Database } from '@/lib/db/client';
import { maskEmail, maskPhone } from '@/lib/scheduling/mask';

export const PROBLEM_STATUSES = ['dead', 'failed', 'undeliverable', 'unconfirmed'] as const;

export interface ProblemNotification {
  id: string;
  createdAt: string;
  channel: string;
  template: string;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

export async function listProblemNotifications(
  database: Database,
  tenantId: string,
  limit = 200,
): Promise<ProblemNotification[]> {
  const rows = await database.notification.findMany({
    where: { tenantId, status: { in: [...PROBLEM_STATUSES] } },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    channel: row.channel,
    template: row.template,
    recipient: row.channel === 'sms' ? maskPhone(row.recipient) : maskEmail(row.recipient),
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
  }));
}
