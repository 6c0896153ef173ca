/** The development outbox: recent messages as recorded, for the dev page and browser tests. */
import type { Database } from '@/lib/db/client';
import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { requestOriginFrom } from '@/lib/audit/record-audit';
import { isLoopback, type TrustedProxies } from '@/lib/security/client-address';

export interface OutboxEntry {
  id: string;
  tenantId: string;
  channel: string;
  template: string;
  recipient: string;
  subject: string | null;
  text: string;
  status: string;
  createdAt: string;
}

/**
 * Throws not_found unless this is a development or test deployment and the request comes from this
 * machine (loopback): the outbox shows every code and QR link, so nobody on the network may read it,
 * even when the server was started listening on every interface.
 */
export function assertOutboxAvailable(headers: Pick<Headers, 'get'>, trustedProxies?: TrustedProxies): void {
  if (getConfig().APP_ENV === 'production' || !isLoopback(requestOriginFrom(headers, trustedProxies).ip))
    throw new AppError('not_found', 'request.notFound');
}

export async function listOutbox(
  database: Database,
  filter: { recipient?: string | undefined; limit?: number },
): Promise<OutboxEntry[]> {
  const rows = await database.notification.findMany({
    where: filter.recipient ? { recipient: filter.recipient } : {},
    orderBy: { createdAt: 'desc' },
    take: filter.limit ?? 50,
  });
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenantId,
    channel: row.channel,
    template: row.template,
    recipient: row.recipient,
    subject: row.subject,
    text: row.textBody,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  }));
}
