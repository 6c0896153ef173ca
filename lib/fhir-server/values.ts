/** Reading values out of FHIR JSON for indexing and search: paths, dates with precision, references. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every value at a dotted path, walking into arrays at each step. */
export function valuesAt(root: Json, path: string): Json[] {
  let current: Json[] = [root];
  for (const segment of path.split('.')) {
    const next: Json[] = [];
    for (const value of current) {
      if (!isObject(value)) continue;
      const child = value[segment];
      if (child === undefined || child === null) continue;
      if (Array.isArray(child)) next.push(...child);
      else next.push(child);
    }
    current = next;
  }
  return current;
}

export interface DateRange {
  low: Date;
  /** Exclusive. */
  high: Date;
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The range of time a FHIR date, dateTime or instant covers, by its precision: "2026" is the whole
 * year, "2026-11-24" the whole day (UTC), an instant one millisecond (or its whole second/minute).
 */
export function dateRange(value: string): DateRange | null {
  const match = DATE_PATTERN.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  if (month === undefined) return { low: new Date(Date.UTC(y, 0, 1)), high: new Date(Date.UTC(y + 1, 0, 1)) };
  const m = Number(month) - 1;
  if (m < 0 || m > 11) return null;
  if (day === undefined) return { low: new Date(Date.UTC(y, m, 1)), high: new Date(Date.UTC(y, m + 1, 1)) };
  const d = Number(day);
  const low = new Date(Date.UTC(y, m, d));
  if (low.getUTCMonth() !== m || low.getUTCDate() !== d) return null;
  if (hour === undefined) return { low, high: new Date(Date.UTC(y, m, d + 1)) };
  const offsetMinutes =
    !zone || zone === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const start =
    Date.UTC(y, m, d, Number(hour), Number(minute), second ? Number(second) : 0, ms) - offsetMinutes * 60_000;
  if (Number.isNaN(start)) return null;
  const span = second === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
  return { low: new Date(start), high: new Date(start + span) };
}

export interface ParsedReference {
  type: string;
  id: string;
}

/** `Type/id`, an absolute URL ending in `Type/id` (optionally `/_history/n`), or null. */
export function parseReference(reference: string): ParsedReference | null {
  const withoutHistory = reference.replace(/\/_history\/[^/]+$/, '');
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(withoutHistory);
  return match ? { type: match[1] as string, id: match[2] as string } : null;
}

/** Lower case without accents, for string search. */
export function normalizeText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** A JSON value as display text for messages (strings as they are, anything else as JSON). */
export function describe(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
