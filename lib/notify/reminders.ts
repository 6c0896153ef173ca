/** Reminders 24 h and 2 h before an appointment: bulk-priority jobs due at those times. */
import type { Tenant } from '@/lib/tenancy/tenant';
import type { Locale } from '@/lib/i18n/locales';
import type { Notifier } from './notifier';

export const REMINDER_TEMPLATES = ['reminder-24h', 'reminder-2h'] as const;

export async function scheduleReminders(
  notifier: Notifier,
  input: {
    tenant: Tenant;
    appointmentId: string;
    start: string;
    channel: 'sms' | 'email';
    to: string;
    locale: Locale;
    variables: Record<string, string>;
    now?: Date;
  },
): Promise<string[]> {
  const now = input.now ?? new Date();
  const scheduled: string[] = [];
  for (const [template, hours] of [
    ['reminder-24h', 24],
    ['reminder-2h', 2],
  ] as const) {
    const due = new Date(new Date(input.start).getTime() - hours * 3_600_000);
    if (due <= now) continue;
    const { notificationId } = await notifier.enqueue({
      tenant: input.tenant,
      channel: input.channel,
      to: input.to,
      template,
      locale: input.locale,
      variables: input.variables,
      priority: 'bulk',
      // One reminder per appointment time: a rescheduled appointment gets new ones.
      idempotencyKey: `${template}:${input.appointmentId}:${input.start}`,
      appointmentId: input.appointmentId,
      sendAfter: due,
    });
    scheduled.push(notificationId);
  }
  return scheduled;
}

export function cancelReminders(notifier: Notifier, tenantId: string, appointmentId: string): Promise<number> {
  return notifier.cancelPending(tenantId, appointmentId, [...REMINDER_TEMPLATES]);
}
