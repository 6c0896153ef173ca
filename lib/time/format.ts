/** Presenting instants in a clinic's (or location's) time zone: the edge, never the domain. */
import { dateTimeFormat } from './zoned';

export function formatLocalTime(instant: string | Date, timeZone: string, locale = 'en-US'): string {
  return dateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(instant));
}

export function formatLocalDate(instant: string | Date, timeZone: string, locale = 'en-US'): string {
  return dateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(new Date(instant));
}
