/** Reminders 24 h and 2 h before an appointment: bulk-priority jobs due at those times. */
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
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

/**
 * The last guard before a reminder goes out: is its appointment still booked at the time the reminder
 * was planned for (the time is in its idempotency key)? Asked of the EHR itself, so a change that
 * change detection has not seen yet still stops a wrong "see you tomorrow". When the EHR cannot be
 * asked, the reminder goes (a reminder that may be stale is better than none).
 */
export async function reminderStillDue(
  provider: SchedulingProvider,
  reminder: { appointmentId: string; idempotencyKey: string },
): Promise<boolean> {
  const plannedStart = reminder.idempotencyKey.split(':').slice(2).join(':');
  try {
    const appointment = await provider.getAppointment(reminder.appointmentId);
    if (appointment.status !== 'booked') return false;
    return !plannedStart || new Date(appointment.start).getTime() === new Date(plannedStart).getTime();
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return false;
    log().warn(
      { reason: error instanceof AppError ? error.reason : 'unexpected' },
      'reminder re-check failed; sending',
    );
    return true;
  }
}

/** Whether a template is a reminder (re-checked before it is sent). */
export function isReminderTemplate(template: string): boolean {
  return (REMINDER_TEMPLATES as readonly string[]).includes(template);
}
