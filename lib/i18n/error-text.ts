/**
 * Error reasons and their rendering. Every `AppError` names a reason, a key of the catalogues'
 * `errors` section, with ICU parameters; it is rendered in the reader's language at the edge (the
 * JSON error body, the sign-in form) and in English for logs and integrators (`error.message`).
 * Times and distances travel as values and are formatted in the reader's language.
 */
import { createTranslator } from 'use-intl/core';
import { formatLocalTime } from '@/lib/time/format';
import type { Locale } from './locales';
import { MESSAGES, type Messages } from './messages';
import { en } from './messages/en';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A stable reason key: `booking.minimumNotice`, `checkIn.tooFar`, ... (the `errors` section of the catalogues). */
export type ErrorReason = Leaves<typeof en.errors>;

/** An instant shown as a local time of day in a time zone ("10:30 AM", "上午10:30"). */
export interface TimeParam {
  time: string;
  timeZone: string;
}

/** A distance shown in the reader's units and digits ("350 m", "2.4 km"). */
export interface DistanceParam {
  meters: number;
}

export type ErrorParam = string | number | TimeParam | DistanceParam;
export type ErrorParams = Readonly<Record<string, ErrorParam>>;

/** A message to render later, in whatever language the reader has chosen. */
export interface ErrorText {
  reason: ErrorReason;
  params?: ErrorParams | undefined;
}

/** A detail of an error: a machine value (`too_far`, `"2400"`) or a message (field problems). */
export type ErrorDetail = string | ErrorText;

export function isErrorReason(value: string): value is ErrorReason {
  let node: unknown = en.errors;
  for (const part of value.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

function formatDistance(meters: number, locale: Locale): string {
  return meters < 1000
    ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(meters)
    : new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'kilometer',
        maximumFractionDigits: meters < 10_000 ? 1 : 0,
      }).format(meters / 1000);
}

function formatParam(value: ErrorParam, locale: Locale): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('meters' in value) return formatDistance(value.meters, locale);
  return formatLocalTime(value.time, value.timeZone, locale);
}

type ErrorTranslator = ReturnType<typeof createTranslator<Messages, 'errors'>>;
const translators = new Map<Locale, ErrorTranslator>();

function translator(locale: Locale): ErrorTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'errors' });
    translators.set(locale, t);
  }
  return t;
}

/** The message in one language, its parameters formatted for that language. */
export function renderErrorText(text: ErrorText, locale: Locale): string {
  const values = Object.fromEntries(
    Object.entries(text.params ?? {}).map(([name, value]) => [name, formatParam(value, locale)]),
  );
  return translator(locale)(text.reason, values);
}

/** Details for the wire: messages rendered in the reader's language, machine values as they are. */
export function renderErrorDetails(
  details: Readonly<Record<string, ErrorDetail>>,
  locale: Locale,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(details).map(([key, detail]) => [
      key,
      typeof detail === 'string' ? detail : renderErrorText(detail, locale),
    ]),
  );
}
