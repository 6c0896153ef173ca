/** Presenting instants in a clinic's (or location's) time zone: the edge, never the domain. */
import { dateTimeFormat } from './zoned';

export function formatLocalTime(instant: string | Date, timeZone: string, locale = 'en-US'): string {
  return dateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(instant));
}

export function formatLocalDate(instant: string | Date, timeZone: string, locale = 'en-US'): string {
  return dateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(new Date(instant));
}

/** "June 2031": a month heading in the clinic's time zone. */
export function formatLocalMonth(instant: string | Date, timeZone: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, { timeZone, month: 'long', year: 'numeric' }).format(new Date(instant));
}

/** "Tuesday, June 3, 9:00 AM": a day and a time as the patient pages write them. */
export function formatLocalDateTime(instant: string | Date, timeZone: string, locale = 'en-US'): string {
  return `${formatLocalDate(instant, timeZone, locale)}, ${formatLocalTime(instant, timeZone, locale)}`;
}
