/**
 * Quiet hours: a clinic's scheduled messages (reminders, waitlist offers, notices of the clinic's own
 * changes) wait until the clinic's sending window opens (default 8:00 to 20:00 in its time zone).
 * Messages that answer what the patient just did (one-time codes, booking, move and cancellation
 * confirmations, check-in confirmations, the registration welcome) are never held: the patient is
 * looking at their phone. Pure; no I/O.
 */
import { addDays, dateTimeFormat, localDate, zonedTimeToInstant } from '@/lib/time/zoned';
import type { TemplateName } from './templates';

/** The templates sent because of the patient's own action at that moment: never held back. */
export const IMMEDIATE_TEMPLATES: ReadonlySet<TemplateName> = new Set<TemplateName>([
  'login-code',
  'registration-welcome',
  'booking-confirmation',
  'reschedule-confirmation',
  'cancellation-by-patient',
  'check-in-confirmation',
  'sms-budget-alert',
]);

/** Whether a template waits for the clinic's sending window. */
export function respectsQuietHours(template: TemplateName): boolean {
  return !IMMEDIATE_TEMPLATES.has(template);
}

export interface QuietHours {
  /** HH:MM: the window opens. */
  start: string;
  /** HH:MM: the window closes. */
  end: string;
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

function localMinutes(instant: Date, timeZone: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  return get('hour') * 60 + get('minute');
}

/** Whether `instant` falls inside the clinic's sending window. */
export function insideSendingWindow(instant: Date, window: QuietHours, timeZone: string): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return true;
  const now = localMinutes(instant, timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * The first instant at or after `due` inside the sending window: `due` itself when it is inside, else
 * the next opening of the window (today's or tomorrow's, DST-correct in the clinic's zone).
 */
export function nextSendingTime(due: Date, window: QuietHours, timeZone: string): Date {
  if (insideSendingWindow(due, window, timeZone)) return due;
  const start = minutesOf(window.start);
  const today = localDate(due, timeZone);
  const opening = zonedTimeToInstant(today, Math.floor(start / 60), start % 60, timeZone);
  if (opening > due) return opening;
  return zonedTimeToInstant(addDays(today, 1), Math.floor(start / 60), start % 60, timeZone);
}
