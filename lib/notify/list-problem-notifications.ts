/** Messages that did not get through, for administrators: dead, failed, undeliverable or unconfirmed. */
import type { Database } from '@/lib/db/client';
import { maskEmail, maskPhone } from '@/lib/scheduling/mask';
import { TEMPLATE_NAMES, type TemplateName } from './templates';

export const PROBLEM_STATUSES = ['dead', 'failed', 'undeliverable', 'unconfirmed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface ProblemNotification {
  id: string;
  createdAt: string;
  channel: 'sms' | 'email';
  /** Null for a template this version no longer sends (shown by its stored name). */
  template: TemplateName | null;
  templateName: string;
  recipient: string;
  status: ProblemStatus;
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
    channel: row.channel === 'sms' ? 'sms' : 'email',
    template: TEMPLATE_NAMES.find((name) => name === row.template) ?? null,
    templateName: row.template,
    recipient: row.channel === 'sms' ? maskPhone(row.recipient) : maskEmail(row.recipient),
    status: PROBLEM_STATUSES.find((status) => status === row.status) ?? 'dead',
    attempts: row.attempts,
    lastError: row.lastError,
  }));
}
